import { SchedulerError, type SchedulerErrorContext } from './scheduler-error.js';

/** The scheduler configuration or a plugin option is invalid. */
export class ConfigurationError extends SchedulerError {
  constructor(message: string, context: SchedulerErrorContext = {}, cause?: unknown) {
    super('CONFIGURATION', message, { context, cause });
  }
}
