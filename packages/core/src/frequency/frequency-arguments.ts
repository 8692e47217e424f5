import { InvalidFrequencyError } from '../errors/invalid-frequency-error.js';

/** A day of the week: 0-7 (0 and 7 are Sunday) or a name such as `'MON'` or `'monday'` (case-insensitive). */
export type DayOfWeek = number | string;

const DAY_NAMES: Readonly<Record<string, number>> = {
  sun: 0, sunday: 0,
  mon: 1, monday: 1,
  tue: 2, tuesday: 2,
  wed: 3, wednesday: 3,
  thu: 4, thursday: 4,
  fri: 5, friday: 5,
  sat: 6, saturday: 6,
};

/** Highest day of each month, February counting leap years, so `yearlyOn(2, 30)` fails at registration. */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Returns `value` when it is a whole number in `min`-`max`, else throws `InvalidFrequencyError` naming `what`. */
export function wholeNumber(method: string, value: unknown, min: number, max: number, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidFrequencyError(method, value, `is not ${what} (a whole number ${min}-${max})`);
  }
  return value;
}

/** Returns a minute (0-59). */
export function minuteOf(method: string, value: unknown): number {
  return wholeNumber(method, value, 0, 59, 'a minute');
}

/** Returns an hour (0-23). */
export function hourOf(method: string, value: unknown): number {
  return wholeNumber(method, value, 0, 23, 'an hour');
}

/** Returns a day of the month (1-31). */
export function dayOfMonthOf(method: string, value: unknown): number {
  return wholeNumber(method, value, 1, 31, 'a day of the month');
}

/** Returns a month (1-12). */
export function monthOf(method: string, value: unknown): number {
  return wholeNumber(method, value, 1, 12, 'a month');
}

/** Returns a day of the week as a number 0-7, accepting names. */
export function dayOfWeekOf(method: string, value: unknown): number {
  if (typeof value === 'string') {
    const day = DAY_NAMES[value.toLowerCase()];
    if (day === undefined) throw new InvalidFrequencyError(method, value, 'is not a day of the week (0-7 or a name like "MON")');
    return day;
  }
  return wholeNumber(method, value, 0, 7, 'a day of the week');
}

/** Throws unless `day` exists in `month` in at least some years. */
export function assertDayExists(method: string, month: number, day: number): void {
  if (day > DAYS_IN_MONTH[month - 1]!) {
    throw new InvalidFrequencyError(method, [month, day], `is never a date: month ${month} has at most ${DAYS_IN_MONTH[month - 1]} days`);
  }
}

/**
 * Validates a non-empty list of distinct values (`values` may be variadic arguments or one array)
 * and joins it as a cron list.
 */
export function cronList(method: string, values: readonly unknown[], read: (method: string, value: unknown) => number): string {
  const flat = values.length === 1 && Array.isArray(values[0]) ? (values[0] as unknown[]) : values;
  if (flat.length === 0) throw new InvalidFrequencyError(method, flat, 'is empty; give at least one value');
  const numbers = flat.map((value) => read(method, value));
  const duplicate = numbers.find((value, index) => numbers.indexOf(value) !== index);
  if (duplicate !== undefined) throw new InvalidFrequencyError(method, flat, `lists ${duplicate} more than once`);
  return numbers.join(',');
}
