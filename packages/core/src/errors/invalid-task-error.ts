import { SchedulerError, type SchedulerErrorContext } from './scheduler-error.js';

/** A task definition cannot be registered (missing name for a closure, bad option, no `handle` method …). */
export class InvalidTaskError extends SchedulerError {
  constructor(message: string, context: SchedulerErrorContext = {}, cause?: unknown) {
    super('INVALID_TASK', message, { context, cause });
  }
}
