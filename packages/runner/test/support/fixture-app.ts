import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FixtureOptions } from '../fixtures/apps/backends.js';

const APPS = fileURLToPath(new URL('../fixtures/apps/', import.meta.url));

/** A fixture app instantiated in its own temporary folder. */
export interface FixtureApp {
  /** The folder: config, data dir (`.legion`), task working directory and side-effect files. */
  readonly dir: string;
  /** The generated `scheduler.config.ts`. */
  readonly configFile: string;
  /** Absolute path of a file in the folder. */
  file(name: string): string;
  /** `true` when the file exists. */
  exists(name: string): boolean;
  /** The non-empty lines of a file (none when it does not exist). */
  lines(name: string): string[];
  /** Creates a file (e.g. the `<name>.go` gate a task waits for). */
  touch(name: string): void;
  /** Removes the folder. */
  remove(): Promise<void>;
}

/**
 * Writes `<tmp>/scheduler.config.ts` that builds fixture app `name` with `options` baked in as literals,
 * so the scheduler, task children and any second process load the very same tasks, and no two tests
 * share a module, a data dir or a side-effect file.
 */
export async function createFixtureApp(name: 'heartbeat-app' | 'daemon-app', options: Omit<FixtureOptions, 'dir'> = {}): Promise<FixtureApp> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `legion-${name}-`));
  const configFile = path.join(dir, 'scheduler.config.ts');
  const builder = JSON.stringify(path.join(APPS, `${name}.ts`));
  writeFileSync(configFile, `import build from ${builder};\nexport default build(${JSON.stringify({ ...options, dir })});\n`);
  const file = (entry: string) => path.join(dir, entry);
  return {
    dir,
    configFile,
    file,
    exists: (entry) => existsSync(file(entry)),
    lines: (entry) => (existsSync(file(entry)) ? readFileSync(file(entry), 'utf8').split('\n').filter((line) => line !== '') : []),
    touch: (entry) => writeFileSync(file(entry), ''),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
