import type { SchedulerRuntime } from '../boot/open-scheduler.js';
import type { RunOutcome, RunRequest } from './run-outcome.js';

/** Options of `runTaskNow` (`schedule:test`). */
export interface RunTaskNowOptions {
  /** Ignore the overlap lock and one-server claim. @default false */
  force?: boolean;
  /** Receives each output line live. */
  onLine?: RunRequest['onLine'];
  /** Aborting stops the child gracefully. */
  signal?: AbortSignal;
}

/**
 * Runs one task now through the same path as the heartbeat (locks, hooks, events, state), without
 * filters or slot claims. An unknown id throws `UnknownTaskError` with a "did you mean".
 */
export function runTaskNow(scheduler: SchedulerRuntime, taskId: string, options: RunTaskNowOptions = {}): Promise<RunOutcome> {
  const task = scheduler.app.registry.get(taskId);
  return scheduler.runner.run({
    task,
    scheduledAt: new Date(scheduler.clock.now()),
    trigger: 'manual',
    ignoreLocks: options.force ?? false,
    onLine: options.onLine,
    signal: options.signal,
  });
}
