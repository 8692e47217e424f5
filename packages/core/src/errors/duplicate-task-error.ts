import { SchedulerError, quote } from './scheduler-error.js';

/** Two tasks were registered under the same id. */
export class DuplicateTaskError extends SchedulerError {
  constructor(taskId: string, firstSource?: string, secondSource?: string) {
    const where = firstSource || secondSource ? ` (first from ${firstSource ?? 'unknown'}, again from ${secondSource ?? 'unknown'})` : '';
    super('DUPLICATE_TASK', `TaskRegistry: task id ${quote(taskId)} is already registered${where}`, {
      context: { taskId, value: taskId, firstSource, secondSource },
    });
  }
}
