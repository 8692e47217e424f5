import { SchedulerError, type SchedulerErrorContext } from './scheduler-error.js';

/** A pushed-run payload is not acceptable (not JSON, too large, too deep, unsafe keys). */
export class InvalidPayloadError extends SchedulerError {
  constructor(message: string, context: SchedulerErrorContext = {}, cause?: unknown) {
    super('INVALID_PAYLOAD', message, { context, cause });
  }
}
