import { SchedulerError, quote } from './scheduler-error.js';

/** A task id was asked for that no registered task has. */
export class UnknownTaskError extends SchedulerError {
  constructor(taskId: string, suggestion?: string) {
    super('UNKNOWN_TASK', `TaskRegistry: no task with id ${quote(taskId)}${suggestion ? ` (did you mean ${quote(suggestion)}?)` : ''}`, {
      context: { taskId, value: taskId, suggestion },
    });
  }
}
