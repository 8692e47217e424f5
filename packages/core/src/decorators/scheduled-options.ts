import type { Duration } from '../time/parse-duration.js';

/** Options of the `@Scheduled` decorator. */
export interface ScheduledOptions {
  /** Cron expression (5 or 6 fields, or a nickname such as `@hourly`). */
  expression: string;
  /**
   * Task id.
   * @default the class name (class decorator) or `ClassName.method` (method decorator)
   */
  name?: string;
  /**
   * Tags used by `--tag` filters.
   * @default []
   */
  tags?: string[];
  /**
   * IANA timezone the expression is evaluated in.
   * @default the configuration's timezone
   */
  timezone?: string;
  /**
   * Run each slot on one server only across the cluster.
   * @default false
   */
  onOneServer?: boolean;
  /**
   * Allow a run to start while the previous one still runs.
   * @default false
   */
  allowOverlapping?: boolean;
  /**
   * Time-to-live of the overlap lock (renewed while the run is alive).
   * @default '1h'
   */
  overlapTtl?: Duration;
  /**
   * Stop the run after this long.
   * @default no timeout
   */
  timeout?: Duration;
  /** Human-readable description shown by `schedule:list`. */
  description?: string;
}
