/** The outcome of one finished run. */
export type RunStatus = 'success' | 'failed' | 'timeout' | 'interrupted';

/** Everything known about a finished run; handed to `after`/`onSuccess`/`onFailure` hooks and events. */
export interface RunResult {
  /** The task id. */
  readonly taskId: string;
  /** Unique id of the run. */
  readonly runId: string;
  /** How the run ended. */
  readonly status: RunStatus;
  /** Exit code of the child, `null` when it was killed by a signal or never started. */
  readonly exitCode: number | null;
  /** Signal that ended the child (e.g. `SIGKILL`), `null` otherwise. */
  readonly signal: string | null;
  /** The slot instant the run belongs to. */
  readonly scheduledAt: Date;
  /** When the child was spawned. */
  readonly startedAt: Date;
  /** When the child exited. */
  readonly finishedAt: Date;
  /** `finishedAt - startedAt` in milliseconds. */
  readonly durationMs: number;
  /** The last captured output lines (stdout and stderr interleaved), bounded in size. */
  readonly outputTail: string;
  /** Bytes of output dropped because the per-run cap was reached. */
  readonly droppedBytes: number;
  /** Process id of the child, `null` when spawning failed. */
  readonly pid: number | null;
  /** Why the run failed when there is no exit code to tell (spawn error, timeout …). */
  readonly error?: string;
}
