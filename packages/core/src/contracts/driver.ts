/** A request for an ad-hoc run of a registered task. It names a task id, never a command line. */
export interface PushRequest {
  /** Id of a registered task. */
  taskId: string;
  /** JSON payload handed to the task as `ctx.payload` / `LEGION_PAYLOAD`. */
  payload?: unknown;
  /** Earliest time to run (default: now). */
  runAt?: Date;
  /** While a run with this key is queued or in flight, pushing the same key returns the existing id. */
  dedupeKey?: string;
}

/** A pushed run handed to a consumer by `claim`. */
export interface PushedRun {
  /** Driver-assigned id, stable across re-deliveries. */
  id: string;
  /** Task to run. */
  taskId: string;
  /** Parsed JSON payload, `undefined` when none was pushed. */
  payload?: unknown;
  /** When it was pushed. */
  pushedAt: Date;
  /** Earliest run time. */
  runAt: Date;
  /** How many times it has been claimed, this claim included. */
  attempts: number;
  /** Dedupe key given at push time, if any. */
  dedupeKey?: string;
}

/** A run that ended with `fail`, or that the driver failed because its stored record was malformed. */
export interface FailedRun {
  /** Driver id of the run. */
  readonly id: string;
  /** Task id as stored (may be empty for a malformed record). */
  readonly taskId: string;
  /** Why it failed. */
  readonly reason: string;
  /** When it failed. */
  readonly failedAt: Date;
  /** Claims it had when it failed. */
  readonly attempts: number;
}

/** Queue counters reported by `stats()`. */
export interface DriverStats {
  /** Ready to be claimed now. */
  pending: number;
  /** Waiting for their `runAt`. */
  delayed: number;
  /** Claimed and not yet acked or failed. */
  inFlight: number;
  /** Failed so far (with `fail`, or malformed records the driver failed itself). */
  failed: number;
}

/**
 * A reliable queue of pushed runs with at-least-once delivery: a claimed run that is not acked
 * within its visibility timeout is delivered again. Checked by `@monkeyslegion/scheduler-drivers/testing`.
 */
export interface Driver {
  /** Human-readable backend name, e.g. `redis`, `sqlite`, `postgres`. */
  readonly name: string;
  /** Queues a run and returns its id. */
  push(request: PushRequest): Promise<string>;
  /** Claims up to `max` ready runs for `consumer`, hidden from others for `visibilityTimeoutMs`. */
  claim(consumer: string, max: number, visibilityTimeoutMs: number): Promise<PushedRun[]>;
  /**
   * Keeps a claimed run hidden for another `visibilityTimeoutMs` (long tasks); `false` when the claim was lost.
   * `extend` and `release` act on claims made through the same driver instance.
   */
  extend(id: string, visibilityTimeoutMs: number): Promise<boolean>;
  /** Marks a claimed run done; it is never delivered again. */
  ack(id: string): Promise<void>;
  /** Marks a claimed run failed permanently with a reason; it is never delivered again. */
  fail(id: string, reason: string): Promise<void>;
  /** Returns a claimed run to the queue at once (graceful shutdown). */
  release(id: string): Promise<void>;
  /** Current queue counters. */
  stats(): Promise<DriverStats>;
  /**
   * Resolves at once when runs are ready, else when new work may be ready (a push happened), after
   * `timeoutMs`, or when `signal` aborts.
   */
  wait?(signal: AbortSignal, timeoutMs: number): Promise<void>;
  /** The most recent failed runs with their reasons, newest first (at most `limit`). */
  failures?(limit?: number): Promise<FailedRun[]>;
  /** Closes connections. */
  close(): Promise<void>;
}
