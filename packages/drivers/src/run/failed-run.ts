/** A run that finished with `fail`, or was failed by the driver because its stored record was malformed. */
export interface FailedRun {
  /** Driver id of the run. */
  readonly id: string;
  /** Task id as stored (may be empty for a malformed record). */
  readonly taskId: string;
  /** Why it failed, as given to `fail` or as found by the driver. */
  readonly reason: string;
  /** When it failed. */
  readonly failedAt: Date;
  /** Claims it had when it failed. */
  readonly attempts: number;
}

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
