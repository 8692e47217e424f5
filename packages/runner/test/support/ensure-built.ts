import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function newestSource(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function builtAt(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Task child processes (closures, classes) and the scheduler processes the integration tests start run
 * the compiled `dist`; a stale build would test yesterday's code. Rebuilds (`tsc -b`) when any source is
 * newer than the build, the way turbo's `test` task does before running the suite.
 */
export default function ensureBuilt(): void {
  if (builtAt(path.join(root, 'dist/.tsbuildinfo')) >= newestSource(path.join(root, 'src'))) return;
  execFileSync(process.execPath, [path.join(root, '../../node_modules/typescript/bin/tsc'), '-b'], { cwd: root, stdio: 'inherit' });
}
