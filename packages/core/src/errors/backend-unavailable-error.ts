import { SchedulerError, type SchedulerErrorContext } from './scheduler-error.js';

/**
 * A backend (Redis, PostgreSQL, SQLite file …) could not be reached in bounded time.
 * Messages must never contain credentials: pass URLs through `redactUrl` first.
 */
export class BackendUnavailableError extends SchedulerError {
  constructor(message: string, context: SchedulerErrorContext = {}, cause?: unknown) {
    super('BACKEND_UNAVAILABLE', message, { context, cause });
  }
}
