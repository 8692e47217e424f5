import type { Logger } from 'pino';

/** What a closure or class task receives when it runs (in its own child process). */
export interface TaskContext {
  /** The task id. */
  readonly taskId: string;
  /** Unique id of this run. */
  readonly runId: string;
  /** The slot instant this run belongs to (for pushed runs: when it was claimed). */
  readonly scheduledAt: Date;
  /** Parsed JSON payload of a pushed run; `undefined` for scheduled runs. */
  readonly payload: unknown;
  /** Aborted when the run is asked to stop (timeout, interrupt, shutdown). */
  readonly signal: AbortSignal;
  /** Logger bound to the task and run ids. */
  readonly logger: Logger;
}

/** A closure task body. A thrown error or rejected promise marks the run failed. */
export type TaskClosure = (context: TaskContext) => unknown;

/** A class usable as a task: resolved through the container, its method (default `handle`) is called. */
export type TaskClass<T = object> = abstract new (...args: never[]) => T;
