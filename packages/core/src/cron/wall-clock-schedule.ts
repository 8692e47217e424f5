/**
 * Matching of a cron pattern on wall-clock times encoded as UTC milliseconds
 * (`Date.UTC(year, month - 1, day, hour, minute, second)`), where no DST exists; `CronExpression`
 * maps these wall-clock times to real instants itself.
 */
export interface WallClockSchedule {
  /** The first matching wall-clock time strictly after `wall`, on a whole second. */
  nextAfter(wall: number): number;
  /** The last matching wall-clock time strictly before `wall`, on a whole second. */
  previousBefore(wall: number): number;
}
