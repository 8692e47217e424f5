import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/scheduler-error.js';

const EXTENSIONS = new Set(['.ts', '.mts', '.js', '.mjs']);
const SKIPPED_FILE = /(\.d\.[cm]?ts$)|(\.(test|spec)\.[cm]?[jt]s$)/;
const SKIPPED_DIR = new Set(['node_modules', '__tests__', '__fixtures__', 'dist']);

/** Lists the module files under `folder` that discovery imports, sorted so discovery is deterministic. */
export async function findTaskFiles(folder: string): Promise<string[]> {
  const info = await stat(folder).catch((error: NodeJS.ErrnoException) => {
    throw new ConfigurationError(`AttributeScanner: discover folder ${quote(folder)} cannot be read (${error.code ?? error.message})`, {
      value: folder,
    }, error);
  });
  if (!info.isDirectory()) {
    throw new ConfigurationError(`AttributeScanner: discover path ${quote(folder)} is not a folder`, { value: folder });
  }
  const files: string[] = [];
  await walk(folder, files);
  return files.sort();
}

async function walk(folder: string, files: string[]): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIR.has(entry.name)) await walk(full, files);
    } else if (entry.isFile() && EXTENSIONS.has(path.extname(entry.name)) && !SKIPPED_FILE.test(entry.name)) {
      files.push(full);
    }
  }
}
