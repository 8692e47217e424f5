import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The package folder (two levels above this file). */
export const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Builds `dist/` (and core's) with `tsc -b`, so child processes run what gets published; incremental,
 * so it costs little when nothing changed. A failed build fails the calling test with tsc's output.
 */
export async function buildDist(): Promise<string> {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-b', packageDir], { cwd: packageDir });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`tsc -b ${packageDir} failed:\n${stdout}${stderr}`);
  }
  return path.join(packageDir, 'dist');
}
