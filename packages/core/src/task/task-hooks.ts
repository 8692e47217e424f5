import type { RunResult } from './run-result.js';

/** Information handed to a `before` hook. */
export interface BeforeHookContext {
  /** The task id. */
  readonly taskId: string;
  /** The run about to start. */
  readonly runId: string;
  /** The slot instant. */
  readonly scheduledAt: Date;
}

/** Runs in the scheduler process before the child is spawned. A throw is reported and does not stop the run. */
export type BeforeHook = (context: BeforeHookContext) => unknown;

/** Runs in the scheduler process after the child exited. A throw is reported and never leaks a lock. */
export type ResultHook = (result: RunResult) => unknown;

/** The hooks of one task, in registration order. */
export interface TaskHooks {
  readonly before: readonly BeforeHook[];
  readonly after: readonly ResultHook[];
  readonly onSuccess: readonly ResultHook[];
  readonly onFailure: readonly ResultHook[];
}
