import type { FailedRun } from '@monkeyslegion/scheduler-core';

export type { FailedRun };

/** Drivers in this package keep failed runs with their reason; this reads them back, newest first. */
export interface FailureLog {
  /** Most recent failed runs, newest first, at most `limit`. */
  failures(limit?: number): Promise<FailedRun[]>;
}

/** A claimed record the driver could not turn into a run; it is failed with `reason` instead of delivered. */
export interface MalformedRun {
  /** Driver id of the record. */
  readonly id: string;
  /** Task id as stored (may be empty). */
  readonly taskId: string;
  /** What is wrong with it, e.g. `task id is missing`. */
  readonly reason: string;
}

/** Longest failure reason kept; a task's whole stderr does not belong in the queue. */
export const MAX_FAILURE_REASON_LENGTH = 4000;

/** Prefix of the reason recorded for malformed records, so they are easy to find among failures. */
export const MALFORMED_REASON_PREFIX = 'malformed record: ';

/** Bounds a failure reason to `MAX_FAILURE_REASON_LENGTH` characters. */
export function boundReason(reason: string): string {
  const text = String(reason);
  return text.length > MAX_FAILURE_REASON_LENGTH ? `${text.slice(0, MAX_FAILURE_REASON_LENGTH - 3)}...` : text;
}
