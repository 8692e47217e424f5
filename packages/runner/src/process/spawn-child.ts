import { spawn, type ChildProcess } from 'node:child_process';
import type { ProcessSpec } from './process-spec.js';

/** How a child's stdin is set up. */
export type ChildStdin = 'ignore' | 'pipe';

/** Options of `spawnChild`. */
export interface SpawnChildOptions {
  /**
   * `ignore` gives the child `/dev/null`; `pipe` keeps a pipe the parent writes to (warm children read
   * their assignment there).
   * @default 'ignore'
   */
  stdin?: ChildStdin;
  /** Extra pipes after stderr (fd 3, 4 …), e.g. a warm child's control channel. @default 0 */
  extraPipes?: number;
}

/** The spawned child, or why it could not be spawned synchronously. */
export type SpawnedChild = { child: ChildProcess; error?: undefined } | { child?: undefined; error: Error };

/**
 * Spawns `spec` as the leader of its own process group (so a stop reaches grandchildren) with stdout
 * and stderr piped. Invalid arguments (a NUL byte in an argument or in the environment) throw inside
 * `spawn()` instead of emitting 'error'; they come back as `error` here. A missing binary still arrives
 * later as the child's 'error' event.
 */
export function spawnChild(spec: ProcessSpec, options: SpawnChildOptions = {}): SpawnedChild {
  const extra = Array.from({ length: options.extraPipes ?? 0 }, () => 'pipe' as const);
  try {
    const child = spawn(spec.file, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe', ...extra],
    });
    return { child };
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
}
