import { CronExpressionParser, type CronExpression as ParsedCronExpression } from 'cron-parser';
import type { WallClockSchedule } from './wall-clock-schedule.js';

/**
 * The reference engine: a cron pattern evaluated by cron-parser's own iterator on wall-clock times
 * encoded as UTC milliseconds, where no DST exists. cron-parser runs in `UTC` here and `CronExpression`
 * maps wall-clock times to real instants itself, because cron-parser's own DST handling differs between
 * `next()` and `prev()`. `CompiledCron` is the fast engine; this one is kept to cross-check it.
 */
export class WallClockCron implements WallClockSchedule {
  // cron-parser iterators are stateful; one parsed iterator is reused and reset before every step.
  private readonly iterator: ParsedCronExpression;

  /** Parses `parserText` (already validated); cron-parser errors propagate unchanged. */
  constructor(parserText: string) {
    // Every call resets the iterator, so its start date is irrelevant; 0 spares luxon reading the clock.
    this.iterator = CronExpressionParser.parse(parserText, { tz: 'UTC', strict: false, currentDate: 0 });
  }

  /** The first matching wall-clock time strictly after `wall`. */
  nextAfter(wall: number): number {
    this.iterator.reset(new Date(wall));
    return this.iterator.next().getTime();
  }

  /** The last matching wall-clock time strictly before `wall`. */
  previousBefore(wall: number): number {
    this.iterator.reset(new Date(wall));
    return this.iterator.prev().getTime();
  }
}
