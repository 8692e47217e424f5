import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const APPS = fileURLToPath(new URL('../../fixtures/apps/', import.meta.url));

/** A fixture app instantiated in its own temporary folder. */
export interface AppFolder {
  /** The folder: config, data dir (`.legion`), logs and the ledger files tasks append to. */
  readonly dir: string;
  readonly configFile: string;
  /** Absolute path of a file in the folder. */
  file(name: string): string;
  /** Non-empty lines of a file (none when it does not exist). */
  lines(name: string): string[];
  /** Removes the folder. */
  remove(): Promise<void>;
}

/**
 * Writes `<tmp>/scheduler.config.ts` that calls fixture app `name` with `options` (plus `dir`, the folder
 * itself) as literals, so every daemon and task child of the scenario loads the very same tasks. The
 * builder is imported by absolute path: it resolves the scheduler packages from this workspace, not from
 * the temporary folder.
 */
export async function createAppFolder(name: string, options: Record<string, unknown>): Promise<AppFolder> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `legion-reliability-${name}-`));
  const configFile = path.join(dir, 'scheduler.config.ts');
  writeFileSync(configFile, `import build from ${JSON.stringify(path.join(APPS, `${name}.ts`))};\nexport default build(${JSON.stringify({ ...options, dir })});\n`);
  const file = (entry: string) => path.join(dir, entry);
  return {
    dir,
    configFile,
    file,
    lines: (entry) => (existsSync(file(entry)) ? readFileSync(file(entry), 'utf8').split('\n').filter((line) => line !== '') : []),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
