import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// vitest global setup: the e2e tests run the BUILT binary, so build it (and the workspace packages it
// references) first. `tsc -b` is incremental: a no-op when nothing changed.
export default function buildCli(): void {
  const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const tsc = path.resolve(packageDir, '../../node_modules/typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-b'], { cwd: packageDir, stdio: 'pipe' });
  } catch (error) {
    const output = String((error as { stdout?: Buffer }).stdout ?? '') + String((error as { stderr?: Buffer }).stderr ?? '');
    if (!existsSync(path.join(packageDir, 'dist', 'bin.js'))) throw new Error(`legion could not be built:\n${output}`);
    process.stderr.write(`warning: tsc -b failed; the e2e tests use the existing dist/:\n${output}\n`);
  }
}
