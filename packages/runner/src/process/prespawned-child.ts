import type { ChildProcess } from 'node:child_process';

/**
 * A child spawned ahead of time (its own process group, stdout and stderr piped) that begins its work
 * only when told to: what `executeProcess` supervises instead of spawning (a warm child).
 */
export interface PrespawnedChild {
  /** The process. */
  readonly child: ChildProcess;
  /** Hands the work to the child; called once its output is attached and its timeout armed. */
  start(): void;
  /**
   * Resolves `true` once the child confirmed it took the work, `false` once it no longer can (its
   * control channel closed first). A child that exits unconfirmed ran nothing of the task.
   */
  readonly accepted: Promise<boolean>;
}
