/*
 * Why a hand-written evaluator although cron-parser evaluates cron expressions: cron-parser stays the
 * source of truth for parsing and expanding fields (called once per distinct pattern, below), but its
 * iterator steps through luxon DateTimes. Measured with bench/cron-bench.ts on 100,000 tasks of a
 * realistic mix (8 patterns plus `M H * * *`, 4 zones): creating a Task took 524 µs, the first
 * nextRunAt 192 µs and 3.9 KB of heap per task (52 s + 19 s in all), p50 per call 7-225 µs, against
 * goals of < 2 s for both steps, < 1.6 KB per task and < 5 µs per call. Searching the expanded fields
 * as bitmasks with plain calendar arithmetic (plus shared instances and day-cached zone offsets) gives
 * 4.7 µs per Task, 0.7 µs per first nextRunAt (0.54 s in all), 346 bytes per task, p50 0.2-1.2 µs.
 * cron-expression-differential.test.ts holds it to cron-parser's iterator (`engine: 'reference'`).
 */
import { CronExpressionParser } from 'cron-parser';
import type { WallClockSchedule } from './wall-clock-schedule.js';

const SECOND_MS = 1000;
const DAY_MS = 86_400_000;
// The Gregorian calendar repeats every 400 years, so a pattern with no match in 401 years has none at all.
const MAX_SEARCH_YEARS = 401;
// cron-parser's month lengths (February as 29: a day field is checked against the longest month).
const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * A cron pattern compiled to bitmasks and searched field by field on wall-clock times encoded as UTC
 * milliseconds; matches exactly what cron-parser's iterator returns in its `UTC` mode, including its
 * day rule: when both day-of-month and day-of-week are restricted (not literally `*`), either may match.
 */
export class CompiledCron implements WallClockSchedule {
  // Values 0-29 and 30-59 of the seconds and minutes fields, one bit each.
  private readonly secondsLow: number;
  private readonly secondsHigh: number;
  private readonly minutesLow: number;
  private readonly minutesHigh: number;
  /** Bit h for hour h. */
  private readonly hours: number;
  /** Bit m for month m (1-12). */
  private readonly months: number;
  /** Bit d - 1 for day-of-month d. */
  private readonly days: number;
  /** `L` in day-of-month: the last day of the month. */
  private readonly hasLastDay: boolean;
  /** Bit w for weekday w (0 = Sunday) matched in any week (or only in week `nth`). */
  private readonly weekdays: number;
  /** Bit w for weekday w matched in the last seven days of the month (`5L`). */
  private readonly lastWeekdays: number;
  /** The `#` occurrence (1-5), or 0 for none. */
  private readonly nth: number;
  private readonly isDayOfMonthRestricted: boolean;
  private readonly isDayOfWeekRestricted: boolean;

  private constructor(parserText: string) {
    // currentDate avoids cron-parser reading the clock through luxon, which costs more than the parse.
    const { fields } = CronExpressionParser.parse(parserText, { tz: 'UTC', strict: false, currentDate: 0 });
    [this.secondsLow, this.secondsHigh] = splitSixty(bitsOf(fields.second.values));
    [this.minutesLow, this.minutesHigh] = splitSixty(bitsOf(fields.minute.values));
    this.hours = bitsOf(fields.hour.values)[0];
    this.months = bitsOf(fields.month.values)[0];
    this.days = bitsOf(fields.dayOfMonth.values)[0] >>> 1;
    this.hasLastDay = fields.dayOfMonth.hasLastChar;
    // cron-parser keeps 7 (Sunday) beside 0 and never matches it against a weekday, which is 0-6.
    this.weekdays = bitsOf(fields.dayOfWeek.values)[0] & 0x7f;
    // cron-parser reads the weekday of every value of an `L` field from its first character, modulo 7.
    this.lastWeekdays = fields.dayOfWeek.hasLastChar
      ? fields.dayOfWeek.values.reduce<number>((bits, value) => bits | (1 << (Number.parseInt(String(value).charAt(0), 10) % 7)), 0)
      : 0;
    this.nth = fields.dayOfWeek.nthDay;
    this.isDayOfMonthRestricted = !fields.dayOfMonth.isWildcard;
    this.isDayOfWeekRestricted = !fields.dayOfWeek.isWildcard;
    Object.freeze(this);
  }

  /** Parses and compiles `parserText` (already validated); cron-parser's parse errors propagate unchanged. */
  static compile(parserText: string): CompiledCron {
    return new CompiledCron(parserText);
  }

  /** The first matching wall-clock time strictly after `wall`, on a whole second. */
  nextAfter(wall: number): number {
    return this.firstAtOrAfter(Math.floor(wall / SECOND_MS) * SECOND_MS + SECOND_MS);
  }

  /** The last matching wall-clock time strictly before `wall`, on a whole second. */
  previousBefore(wall: number): number {
    return this.lastAtOrBefore(Math.ceil(wall / SECOND_MS) * SECOND_MS - SECOND_MS);
  }

  /** Searches upward from `start`: each field takes its first allowed value, carrying into the next field when none is left. */
  private firstAtOrAfter(start: number): number {
    const dayNumber = Math.floor(start / DAY_MS);
    let [year, month, day] = civilFromDays(dayNumber);
    const secondOfDay = (start - dayNumber * DAY_MS) / SECOND_MS;
    let hour = Math.floor(secondOfDay / 3600);
    let minute = Math.floor(secondOfDay / 60) % 60;
    let second = secondOfDay % 60;
    const lastYear = year + MAX_SEARCH_YEARS;
    while (year <= lastYear) {
      if ((this.months & (1 << month)) === 0) {
        const allowed = firstBitFrom(this.months, month);
        if (allowed < 0) year++;
        month = allowed < 0 ? firstBitFrom(this.months, 1) : allowed;
        day = 1;
        hour = minute = second = 0;
      }
      const allowedDay = firstBitFrom(this.dayMask(year, month), day - 1) + 1;
      if (allowedDay === 0) {
        if (++month > 12) {
          month = 1;
          year++;
        }
        day = 1;
        hour = minute = second = 0;
        continue;
      }
      if (allowedDay !== day) {
        day = allowedDay;
        hour = minute = second = 0;
      }
      const allowedHour = firstBitFrom(this.hours, hour);
      if (allowedHour < 0) {
        day++;
        hour = minute = second = 0;
        continue;
      }
      if (allowedHour !== hour) {
        hour = allowedHour;
        minute = second = 0;
      }
      const allowedMinute = firstOfSixtyFrom(this.minutesLow, this.minutesHigh, minute);
      if (allowedMinute < 0) {
        hour++;
        minute = second = 0;
        continue;
      }
      if (allowedMinute !== minute) {
        minute = allowedMinute;
        second = 0;
      }
      const allowedSecond = firstOfSixtyFrom(this.secondsLow, this.secondsHigh, second);
      if (allowedSecond < 0) {
        minute++;
        second = 0;
        continue;
      }
      return wallTimeOf(year, month, day, hour, minute, allowedSecond);
    }
    throw new Error(`no matching time within ${MAX_SEARCH_YEARS} years after ${new Date(start).toISOString()}`);
  }

  /** Searches downward from `start`: each field takes its last allowed value, borrowing from the next field when none is left. */
  private lastAtOrBefore(start: number): number {
    const dayNumber = Math.floor(start / DAY_MS);
    let [year, month, day] = civilFromDays(dayNumber);
    const secondOfDay = (start - dayNumber * DAY_MS) / SECOND_MS;
    let hour = Math.floor(secondOfDay / 3600);
    let minute = Math.floor(secondOfDay / 60) % 60;
    let second = secondOfDay % 60;
    const firstYear = year - MAX_SEARCH_YEARS;
    while (year >= firstYear) {
      if ((this.months & (1 << month)) === 0) {
        const allowed = lastBitUpTo(this.months, month);
        if (allowed < 0) year--;
        month = allowed < 0 ? lastBitUpTo(this.months, 12) : allowed;
        // Day 31 stands for "the last day": the day mask has no bits past the month's end.
        day = 31;
        hour = 23;
        minute = second = 59;
      }
      const allowedDay = lastBitUpTo(this.dayMask(year, month), day - 1) + 1;
      if (allowedDay === 0) {
        if (--month < 1) {
          month = 12;
          year--;
        }
        day = 31;
        hour = 23;
        minute = second = 59;
        continue;
      }
      if (allowedDay !== day) {
        day = allowedDay;
        hour = 23;
        minute = second = 59;
      }
      const allowedHour = lastBitUpTo(this.hours, hour);
      if (allowedHour < 0) {
        day--;
        hour = 23;
        minute = second = 59;
        continue;
      }
      if (allowedHour !== hour) {
        hour = allowedHour;
        minute = second = 59;
      }
      const allowedMinute = lastOfSixtyUpTo(this.minutesLow, this.minutesHigh, minute);
      if (allowedMinute < 0) {
        hour--;
        minute = second = 59;
        continue;
      }
      if (allowedMinute !== minute) {
        minute = allowedMinute;
        second = 59;
      }
      const allowedSecond = lastOfSixtyUpTo(this.secondsLow, this.secondsHigh, second);
      if (allowedSecond < 0) {
        minute--;
        second = 59;
        continue;
      }
      return wallTimeOf(year, month, day, hour, minute, allowedSecond);
    }
    throw new Error(`no matching time within ${MAX_SEARCH_YEARS} years before ${new Date(start).toISOString()}`);
  }

  /** Bit d - 1 set for every day d of `month` in `year` that the day-of-month and day-of-week fields accept. */
  private dayMask(year: number, month: number): number {
    const length = month === 2 && !isLeapYear(year) ? 28 : DAYS_IN_MONTH[month]!;
    const wholeMonth = length === 31 ? 0x7fffffff : (1 << length) - 1;
    const byDayOfMonth = (this.days | (this.hasLastDay ? 1 << (length - 1) : 0)) & wholeMonth;
    // cron-parser's rules: day-of-week only counts when restricted, and then either field may match.
    if (!this.isDayOfWeekRestricted) return byDayOfMonth;
    const firstWeekday = weekdayOf(daysFromCivil(year, month, 1));
    let byDayOfWeek = repeatWeekly(rotateWeekdays(this.weekdays, firstWeekday));
    if (this.nth > 0) byDayOfWeek &= 0x7f << ((this.nth - 1) * 7);
    if (this.lastWeekdays !== 0) {
      byDayOfWeek |= repeatWeekly(rotateWeekdays(this.lastWeekdays, firstWeekday)) & ~((1 << (length - 7)) - 1);
    }
    byDayOfWeek &= wholeMonth;
    return this.isDayOfMonthRestricted ? byDayOfMonth | byDayOfWeek : byDayOfWeek;
  }
}

/** One bit per numeric value (strings such as `L` or `5L` are handled by the caller), as [bits 0-31, bits 32-63]. */
function bitsOf(values: readonly (number | string)[]): [number, number] {
  let low = 0;
  let high = 0;
  for (const value of values) {
    if (typeof value !== 'number') continue;
    if (value < 32) low |= 1 << value;
    else high |= 1 << (value - 32);
  }
  return [low, high];
}

/** Re-splits a 60-value field from [0-31, 32-59] into [0-29, 30-59], so no bit lands on the sign bit. */
function splitSixty([low, high]: [number, number]): [number, number] {
  return [low & 0x3fffffff, ((low >>> 30) | (high << 2)) & 0x3fffffff];
}

/** The lowest set bit at index `from` (< 32) or above, or -1. */
function firstBitFrom(bits: number, from: number): number {
  if (from > 31) return -1;
  const remaining = bits & (-1 << from);
  return remaining === 0 ? -1 : 31 - Math.clz32(remaining & -remaining);
}

/** The highest set bit at index `upTo` (>= 0) or below, or -1. */
function lastBitUpTo(bits: number, upTo: number): number {
  if (upTo < 0) return -1;
  const remaining = upTo >= 31 ? bits : bits & ((1 << (upTo + 1)) - 1);
  return remaining === 0 ? -1 : 31 - Math.clz32(remaining);
}

function firstOfSixtyFrom(low: number, high: number, from: number): number {
  if (from < 30) {
    const inLow = firstBitFrom(low, from);
    if (inLow >= 0) return inLow;
  }
  const inHigh = firstBitFrom(high, Math.max(0, from - 30));
  return inHigh < 0 ? -1 : inHigh + 30;
}

function lastOfSixtyUpTo(low: number, high: number, upTo: number): number {
  if (upTo >= 30) {
    const inHigh = lastBitUpTo(high, upTo - 30);
    if (inHigh >= 0) return inHigh + 30;
  }
  return lastBitUpTo(low, Math.min(29, upTo));
}

/** Moves weekday bits so that bit k stands for the k-th day (0-based) of a month starting on `firstWeekday`. */
function rotateWeekdays(weekdays: number, firstWeekday: number): number {
  return ((weekdays >>> firstWeekday) | (weekdays << (7 - firstWeekday))) & 0x7f;
}

/** Repeats a 7-day pattern over 35 days (bits past 31 fall off). */
function repeatWeekly(week: number): number {
  return week | (week << 7) | (week << 14) | (week << 21) | (week << 28);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** 0 = Sunday for a day counted from 1970-01-01 (a Thursday). */
function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

function wallTimeOf(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  return daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * SECOND_MS;
}

// Howard Hinnant's civil calendar algorithms: exact for every proleptic Gregorian year, unlike
// Date.UTC, which maps years 0-99 to 1900-1999, and without allocating a Date.
function daysFromCivil(year: number, month: number, day: number): number {
  const shifted = month <= 2 ? year - 1 : year;
  const era = Math.floor(shifted / 400);
  const yearOfEra = shifted - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function civilFromDays(dayNumber: number): [number, number, number] {
  const shifted = dayNumber + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}
