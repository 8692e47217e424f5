import { SchedulerError, quote } from '@monkeyslegion/scheduler-core';

/** A benchmark subject process crashed, timed out or reported an error instead of a result. */
export class SubjectFailedError extends SchedulerError {
  constructor(subject: string, reason: string, cause?: unknown) {
    super('BENCH_SUBJECT_FAILED', `Bench: subject ${quote(subject)} failed: ${reason}`, { context: { value: subject }, cause });
  }
}
