import { SchedulerError, quote } from './scheduler-error.js';

/** A cron expression is malformed: wrong field count, unknown token or a value out of range. */
export class InvalidCronExpressionError extends SchedulerError {
  constructor(expression: string, detail: string, context: { field?: string; value?: unknown; cause?: unknown } = {}) {
    super('INVALID_CRON_EXPRESSION', `CronExpression: ${detail} in ${quote(expression)}`, {
      context: { expression, field: context.field, value: context.value },
      cause: context.cause,
    });
  }
}
