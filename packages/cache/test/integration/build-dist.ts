import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The package folder (two levels above this file). */
export const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const STALE_LOCK_MS = 5 * 60_000;

/**
 * Builds `dist/` (and core's) with `tsc -b`, so child processes run what gets published; incremental,
 * so it costs little when nothing changed. A failed build fails the calling test with tsc's output.
 * vitest runs test files in parallel workers: a lock folder keeps two builds from rewriting `dist/`
 * while the other's children read it.
 */
export async function buildDist(): Promise<string> {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const lock = path.join(os.tmpdir(), `legion-build-${createHash('sha1').update(packageDir).digest('hex').slice(0, 12)}.lock`);
  await acquire(lock);
  try {
    await promisify(execFile)(process.execPath, [tsc, '-b', packageDir], { cwd: packageDir });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`tsc -b ${packageDir} failed:\n${stdout}${stderr}`);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
  return path.join(packageDir, 'dist');
}

async function acquire(lock: string): Promise<void> {
  for (;;) {
    try {
      fs.mkdirSync(lock);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) fs.rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
