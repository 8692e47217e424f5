import { SchedulerError } from '@monkeyslegion/scheduler-core';

/** A command-line argument or flag value the CLI cannot accept (exit code 2). */
export class UsageError extends SchedulerError {
  constructor(message: string, value?: unknown) {
    super('USAGE', message, { context: { value } });
  }
}
