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

/** Queue counters reported by `stats()`. */
export interface DriverStats {
  /** Ready to be claimed now. */
  pending: number;
  /** Waiting for their `runAt`. */
  delayed: number;
  /** Claimed and not yet acked or failed. */
  inFlight: number;
  /** Finished with `fail`. */
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
  /** Keeps a claimed run hidden for another `visibilityTimeoutMs` (long tasks); `false` when the claim was lost. */
  extend(id: string, visibilityTimeoutMs: number): Promise<boolean>;
  /** Marks a claimed run done; it is never delivered again. */
  ack(id: string): Promise<void>;
  /** Marks a claimed run failed permanently with a reason; it is never delivered again. */
  fail(id: string, reason: string): Promise<void>;
  /** Returns a claimed run to the queue at once (graceful shutdown). */
  release(id: string): Promise<void>;
  /** Current queue counters. */
  stats(): Promise<DriverStats>;
  /** Resolves when new work may be ready (a push happened) or after `timeoutMs`, or when `signal` aborts. */
  wait?(signal: AbortSignal, timeoutMs: number): Promise<void>;
  /** Closes connections. */
  close(): Promise<void>;
}
