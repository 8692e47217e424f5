import { SchedulerError, quote } from './scheduler-error.js';

/** A frequency method received an argument it cannot express (e.g. `dailyAt('25:00')`). */
export class InvalidFrequencyError extends SchedulerError {
  constructor(method: string, value: unknown, reason: string) {
    super('INVALID_FREQUENCY', `Schedule.${method}: ${quote(value)} ${reason}`, { context: { method, value } });
  }
}
