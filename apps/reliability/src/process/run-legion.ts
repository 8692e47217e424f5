import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The workspace's built CLI (turbo builds it before this suite). Not a dependency of this package: adding
// one needs a second install, which this suite's brief did not allow.
const BIN = fileURLToPath(new URL('../../../../packages/cli/dist/bin.js', import.meta.url));

/** What one `legion` invocation printed and returned. */
export interface LegionResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of `runLegion`. */
export interface RunLegionOptions {
  /** Extra environment. */
  env?: NodeJS.ProcessEnv;
  /** Run under this umask (e.g. 0o000, the most permissive), through `/bin/sh`. @default inherited */
  umask?: number;
}

/** Runs the built `legion` binary with `args` in `cwd` (never throws for a non-zero exit). */
export function runLegion(cwd: string, args: readonly string[], options: RunLegionOptions = {}): Promise<LegionResult> {
  const [file, argv] =
    options.umask === undefined
      ? [process.execPath, [BIN, ...args]]
      : ['/bin/sh', ['-c', `umask ${options.umask.toString(8).padStart(3, '0')} && exec "$0" "$@"`, process.execPath, BIN, ...args]];
  return new Promise((resolve) => {
    execFile(file, argv, { cwd, env: { ...process.env, NO_COLOR: '1', ...options.env }, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
