import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedConfig } from '@monkeyslegion/scheduler-core';

/** One file as the fingerprint sees it: absolute path, size in bytes and modification time. */
export type FileStamp = [file: string, size: number, mtimeMs: number];

/**
 * Everything a manifest's discovery result depends on that can be checked without importing a task file:
 * the scheduler version, the config file, the settings that shape discovered tasks, and every file under
 * the discover folders (the sorted list, so added and removed files count too).
 */
export interface SourceFingerprint {
  /** Version of `@monkeyslegion/scheduler-runner` that wrote it (the scanner's rules may change). */
  schedulerVersion: string;
  /** Folder of the config file. */
  baseDir: string;
  /** Default timezone of tasks (may come from the environment, not the config text). */
  timezone: string;
  /** Absolute discover folders. */
  discover: string[];
  /** The config file, `null` for a config built in code. */
  configFile: FileStamp | null;
  /** Every file under the discover folders, sorted by path. */
  files: FileStamp[];
}

let cachedVersion: string | undefined;

// `src/manifest/` and `dist/manifest/` are both two folders below the package root.
async function schedulerVersion(): Promise<string> {
  cachedVersion ??= await readFile(new URL('../../package.json', import.meta.url), 'utf8').then(
    (text) => String((JSON.parse(text) as { version?: unknown }).version ?? 'unknown'),
    () => 'unknown',
  );
  return cachedVersion;
}

/** Fingerprints the sources of discovery for `config` (one `stat` per file, no file is read or imported). */
export async function fingerprintSources(config: ResolvedConfig): Promise<SourceFingerprint> {
  const files: FileStamp[] = [];
  for (const folder of config.discover) await walk(folder, files, config.dataDir);
  files.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return {
    schedulerVersion: await schedulerVersion(),
    baseDir: config.baseDir,
    timezone: config.timezone,
    discover: [...config.discover],
    configFile: config.configFile ? await stampOf(config.configFile) : null,
    files,
  };
}

/**
 * Why `current` differs from `stored`, in words naming the first difference (e.g. `tasks/report.ts
 * changed`), or `null` when they are identical.
 */
export function fingerprintDifference(stored: SourceFingerprint, current: SourceFingerprint): string | null {
  const short = (file: string) => path.relative(current.baseDir, file) || file;
  if (stored.schedulerVersion !== current.schedulerVersion) {
    return `scheduler version changed (${stored.schedulerVersion} -> ${current.schedulerVersion})`;
  }
  if (stored.baseDir !== current.baseDir) return `app folder changed (${stored.baseDir} -> ${current.baseDir})`;
  if (stored.timezone !== current.timezone) return `default timezone changed (${stored.timezone} -> ${current.timezone})`;
  if (stored.discover.join('\n') !== current.discover.join('\n')) return 'discover folders changed';
  if (!sameStamp(stored.configFile, current.configFile)) {
    const file = current.configFile?.[0] ?? stored.configFile?.[0];
    return file ? `config file ${short(file)} changed` : 'config file changed';
  }
  const before = new Map(stored.files.map((stamp) => [stamp[0], stamp]));
  for (const stamp of current.files) {
    const previous = before.get(stamp[0]);
    if (!previous) return `${short(stamp[0])} was added`;
    if (!sameStamp(previous, stamp)) return `${short(stamp[0])} changed`;
    before.delete(stamp[0]);
  }
  const removed = before.keys().next();
  return removed.done ? null : `${short(removed.value)} was removed`;
}

function sameStamp(a: FileStamp | null, b: FileStamp | null): boolean {
  if (a === null || b === null) return a === b;
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}

async function stampOf(file: string): Promise<FileStamp | null> {
  const info = await stat(file).catch(() => null);
  return info ? [file, info.size, info.mtimeMs] : null;
}

// Same walk rules as discovery (dot entries and node_modules skipped) but every file counts, not only
// modules: a task may read a JSON file next to it. The data folder is skipped, or the SQLite database
// would make every manifest stale the moment it is written.
async function walk(folder: string, files: FileStamp[], dataDir: string): Promise<void> {
  if (folder === dataDir) return;
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  const stamps: Promise<FileStamp | null>[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) await walk(full, files, dataDir);
    else if (entry.isFile()) stamps.push(stampOf(full));
  }
  for (const stamp of await Promise.all(stamps)) if (stamp) files.push(stamp);
}
