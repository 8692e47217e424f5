import type { RunResult } from '../task/run-result.js';
import type { Task } from '../task/task.js';

/** What started a run. */
export type RunTrigger = 'schedule' | 'push' | 'manual';

/** Why a due slot did not run. */
export type SkipReason =
  | 'filter'
  | 'overlapping'
  | 'one-server'
  | 'already-ran'
  | 'missed'
  | 'lock-unavailable'
  | 'shutting-down';

/** A run is about to be spawned (locks are held, `before` hooks have run). */
export class TaskStarting {
  constructor(
    /** The task. */
    readonly task: Task,
    /** Unique id of the run. */
    readonly runId: string,
    /** The slot instant (or claim time for pushed runs). */
    readonly scheduledAt: Date,
    /** What started it. */
    readonly trigger: RunTrigger,
  ) {}
}

/** A run ended with exit code 0. Never emitted for skipped or failed runs. */
export class TaskFinished {
  constructor(
    /** The task. */
    readonly task: Task,
    /** The run's result (`status` is `success`). */
    readonly result: RunResult,
  ) {}
}

/** A run ended badly: non-zero exit, signal, timeout, interruption or spawn error. */
export class TaskFailed {
  constructor(
    /** The task. */
    readonly task: Task,
    /** The run's result (`status` is `failed`, `timeout` or `interrupted`). */
    readonly result: RunResult,
  ) {}
}

/** A due slot did not run; `reason` says why and `detail` says it in words. */
export class TaskSkipped {
  constructor(
    /** The task. */
    readonly task: Task,
    /** The slot instant that was skipped. */
    readonly scheduledAt: Date,
    /** Machine-readable reason. */
    readonly reason: SkipReason,
    /** Human-readable detail, e.g. `outside 09:00-17:00 (UTC)`. */
    readonly detail: string,
  ) {}
}

/** Any task lifecycle event. */
export type TaskEvent = TaskStarting | TaskFinished | TaskFailed | TaskSkipped;
