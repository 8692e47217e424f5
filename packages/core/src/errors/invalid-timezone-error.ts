import { SchedulerError, quote } from './scheduler-error.js';

/** A timezone is not a known IANA zone name. */
export class InvalidTimezoneError extends SchedulerError {
  constructor(timezone: unknown, taskId?: string) {
    super('INVALID_TIMEZONE', `Timezone: ${quote(timezone)} is not a known IANA timezone${taskId ? ` (task ${quote(taskId)})` : ''}`, {
      context: { value: timezone, taskId },
    });
  }
}
