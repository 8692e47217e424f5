/**
 * An independent, deliberately naive reading of a cron expression's fields (the suite's third opinion,
 * next to the scheduler and croner): Vixie-cron semantics with `?` as `*`, names, ranges, steps
 * (`a/s` = `a-max/s`), lists, `L` (last day of the month), `<weekday>L` (last such weekday),
 * `<weekday>#<n>` (n-th such weekday) and 7 = Sunday. Day-of-month and day-of-week combine with OR when
 * both are restricted, else the restricted one alone decides (cron-parser and Vixie cron agree on this).
 */
export interface FieldMatcher {
  /** `true` when the wall time (as a UTC instant with the same fields) matches. */
  matches(wall: number): boolean;
  /** `true` when the wall time's date matches (time of day ignored). */
  dayMatches(wall: number): boolean;
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface Spec {
  min: number;
  max: number;
  names?: string[];
  nameBase?: number;
}

const SPECS: Record<'second' | 'minute' | 'hour' | 'day' | 'month' | 'weekday', Spec> = {
  second: { min: 0, max: 59 },
  minute: { min: 0, max: 59 },
  hour: { min: 0, max: 23 },
  day: { min: 1, max: 31 },
  month: { min: 1, max: 12, names: MONTH_NAMES, nameBase: 1 },
  weekday: { min: 0, max: 7, names: DAY_NAMES, nameBase: 0 },
};

function number(token: string, spec: Spec): number {
  const upper = token.toUpperCase();
  const named = spec.names?.indexOf(upper) ?? -1;
  const value = named >= 0 ? named + spec.nameBase! : /^\d+$/.test(token) ? Number(token) : Number.NaN;
  if (!Number.isInteger(value) || value < spec.min || value > spec.max) throw new Error(`field-matcher: bad token ${token}`);
  return value;
}

/** The set of plain values of a field (no L/#). */
function values(field: string, spec: Spec): Set<number> {
  const set = new Set<number>();
  for (const item of field.split(',')) {
    const [base, stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let low: number;
    let high: number;
    if (base === '*' || base === '?') {
      low = spec.min;
      high = spec === SPECS.weekday ? 6 : spec.max;
    } else if (base!.includes('-')) {
      const [from, to] = base!.split('-');
      low = number(from!, spec);
      high = number(to!, spec);
    } else {
      low = number(base!, spec);
      high = stepText === undefined ? low : spec.max;
    }
    for (let value = low; value <= high; value += step) set.add(spec === SPECS.weekday && value === 7 ? 0 : value);
  }
  return set;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Builds the matcher; throws on a token it does not understand. */
export function fieldMatcher(expression: string): FieldMatcher {
  const parts = expression.trim().split(/\s+/);
  const [secondField, minute, hour, day, month, weekday] = parts.length === 6 ? parts : ['0', ...parts];
  const seconds = values(secondField!, SPECS.second);
  const minutes = values(minute!, SPECS.minute);
  const hours = values(hour!, SPECS.hour);
  const months = values(month!, SPECS.month);
  const dayIsStar = day === '*' || day === '?';
  const weekdayIsStar = weekday === '*' || weekday === '?';
  const lastDay = day!.toUpperCase() === 'L';
  const days = lastDay || dayIsStar ? null : values(day!, SPECS.day);
  const upperWeekday = weekday!.toUpperCase();
  const nth = /^(\w+)#(\d)$/.exec(upperWeekday);
  const last = /^(\w+)L$/.exec(upperWeekday);
  const special = nth ? { weekday: number(nth[1]!, SPECS.weekday) % 7, nth: Number(nth[2]) } : last ? { weekday: number(last[1]!, SPECS.weekday) % 7, nth: 0 } : null;
  const weekdays = special || weekdayIsStar ? null : values(weekday!, SPECS.weekday);

  const dayOfMonthMatches = (date: Date) => {
    if (lastDay) return date.getUTCDate() === daysInMonth(date.getUTCFullYear(), date.getUTCMonth() + 1);
    return days === null || days.has(date.getUTCDate());
  };
  const dayOfWeekMatches = (date: Date) => {
    if (special) {
      if (date.getUTCDay() !== special.weekday) return false;
      if (special.nth === 0) return date.getUTCDate() + 7 > daysInMonth(date.getUTCFullYear(), date.getUTCMonth() + 1);
      return Math.ceil(date.getUTCDate() / 7) === special.nth;
    }
    return weekdays === null || weekdays.has(date.getUTCDay());
  };
  const dayMatches = (wall: number) => {
    const date = new Date(wall);
    if (!months.has(date.getUTCMonth() + 1)) return false;
    if (dayIsStar && weekdayIsStar) return true;
    if (dayIsStar) return dayOfWeekMatches(date);
    if (weekdayIsStar) return dayOfMonthMatches(date);
    return dayOfMonthMatches(date) || dayOfWeekMatches(date);
  };
  return {
    dayMatches,
    matches: (wall) => {
      const date = new Date(wall);
      return date.getUTCMilliseconds() === 0 && seconds.has(date.getUTCSeconds()) && minutes.has(date.getUTCMinutes()) && hours.has(date.getUTCHours()) && dayMatches(wall);
    },
  };
}
