import type { NextRunPattern } from '../workload/next-run-patterns.js';

/** Libraries compared in the next-run section. */
export type NextRunLibrary = 'ours' | 'croner' | 'cron-parser' | 'node-cron';

/** Input of the next-run subject. */
export interface NextRunInput {
  library: NextRunLibrary;
  patterns: readonly NextRunPattern[];
  /** Minimum duration of one timed batch (ms). */
  batchMs: number;
  /** Timed batches per pattern. */
  batches: number;
  /** Start instants (ISO) of the cross-check. */
  starts: readonly string[];
  /** Occurrences per start in the cross-check. */
  runs: number;
  /** Start of throughput chains (ISO). */
  throughputStart: string;
}

/** Result for one pattern. */
export interface NextRunPatternResult {
  /** Occurrences per second, one value per batch (empty when the library rejected the pattern). */
  perSecond: number[];
  /** Per start: the first `runs` occurrences (ms since the epoch), or an error text. */
  sequences: (number[] | string)[];
  /** Why the library could not evaluate the pattern at all. */
  error: string | null;
}

/** Result of the next-run subject, per pattern in input order. */
export interface NextRunResult {
  patterns: NextRunPatternResult[];
}
