import { CronExpression } from '../cron/cron-expression.js';
import { assertTimezone } from '../cron/timezone.js';
import { InvalidFrequencyError } from '../errors/invalid-frequency-error.js';
import type { TaskFilter } from '../task/task-filter.js';
import { conditionFilter, environmentsFilter, timeWindowFilter, type FilterCondition } from './filters.js';
import {
  assertDayExists,
  cronList,
  dayOfMonthOf,
  dayOfWeekOf,
  hourOf,
  minuteOf,
  monthOf,
  type DayOfWeek,
} from './frequency-arguments.js';
import { parseTime } from './parse-time.js';

/** What a `FrequencyBuilder` has collected, for the subclass that builds the task. */
export interface FrequencyState {
  /** The cron expression: 5 fields, or 6 when a seconds method was used. */
  readonly expression: string;
  /** The zone set with `timezone()`, or `undefined` to use the configuration's default. */
  readonly timezone: string | undefined;
  /** Filters in the order they were added. */
  readonly filters: TaskFilter[];
}

interface CronFieldValues {
  second: string | null;
  minute: string;
  hour: string;
  dayOfMonth: string;
  month: string;
  dayOfWeek: string;
}

type FilterFactory = (timezone: string) => TaskFilter;

/**
 * Laravel's frequency DSL over six cron fields (`second minute hour day-of-month month day-of-week`),
 * starting from `* * * * *`. Each method replaces only its own fields, so calls compose:
 * `dailyAt('13:00').everyFiveMinutes()` runs every five minutes from 13:00 to 13:55. Any method that
 * sets the minute field also clears the seconds field, so `everyFiveSeconds().hourly()` is `0 * * * *`;
 * day-only methods (`weekdays()`, `daysOfMonth()` …) keep it. Subclasses add what a task needs besides
 * its frequency.
 *
 * @example
 * schedule.command('node report.js').weekdays().dailyAt('9:15').timezone('Europe/London');
 */
export abstract class FrequencyBuilder {
  private fields: CronFieldValues = { second: null, minute: '*', hour: '*', dayOfMonth: '*', month: '*', dayOfWeek: '*' };
  private zone: string | undefined;
  private readonly filterFactories: FilterFactory[] = [];

  /** Replaces the whole frequency with a 5- or 6-field cron expression or nickname (validated now). */
  cron(expression: string): this {
    const fields = CronExpression.parse(expression).expression.split(' ');
    const [minute, hour, dayOfMonth, month, dayOfWeek] = fields.slice(-5) as [string, string, string, string, string];
    this.fields = { second: fields.length === 6 ? fields[0]! : null, minute, hour, dayOfMonth, month, dayOfWeek };
    return this;
  }

  /** Runs every second. */
  everySecond(): this { return this.everySeconds(1); }
  /** Runs every two seconds, aligned to the wall clock. */
  everyTwoSeconds(): this { return this.everySeconds(2); }
  /** Runs every five seconds, aligned to the wall clock. */
  everyFiveSeconds(): this { return this.everySeconds(5); }
  /** Runs every ten seconds, aligned to the wall clock. */
  everyTenSeconds(): this { return this.everySeconds(10); }
  /** Runs every fifteen seconds, aligned to the wall clock. */
  everyFifteenSeconds(): this { return this.everySeconds(15); }
  /** Runs every twenty seconds, aligned to the wall clock. */
  everyTwentySeconds(): this { return this.everySeconds(20); }
  /** Runs every thirty seconds, aligned to the wall clock. */
  everyThirtySeconds(): this { return this.everySeconds(30); }

  /** Runs every minute. */
  everyMinute(): this { return this.splice({ minute: '*' }); }
  /** Runs every two minutes. */
  everyTwoMinutes(): this { return this.splice({ minute: '*/2' }); }
  /** Runs every three minutes. */
  everyThreeMinutes(): this { return this.splice({ minute: '*/3' }); }
  /** Runs every four minutes. */
  everyFourMinutes(): this { return this.splice({ minute: '*/4' }); }
  /** Runs every five minutes. */
  everyFiveMinutes(): this { return this.splice({ minute: '*/5' }); }
  /** Runs every ten minutes. */
  everyTenMinutes(): this { return this.splice({ minute: '*/10' }); }
  /** Runs every fifteen minutes. */
  everyFifteenMinutes(): this { return this.splice({ minute: '*/15' }); }
  /** Runs every thirty minutes. */
  everyThirtyMinutes(): this { return this.splice({ minute: '*/30' }); }

  /** Runs at the start of every hour (sets the minute only). */
  hourly(): this { return this.splice({ minute: '0' }); }
  /** Runs every hour at the given minute(s) past the hour. */
  hourlyAt(minute: number | number[]): this { return this.hourBased('hourlyAt', minute, '*'); }
  /** Runs at odd hours (1, 3 … 23) at the given minute(s). */
  everyOddHour(minute: number | number[] = 0): this { return this.hourBased('everyOddHour', minute, '1-23/2'); }
  /** Runs every two hours at the given minute(s). */
  everyTwoHours(minute: number | number[] = 0): this { return this.hourBased('everyTwoHours', minute, '*/2'); }
  /** Runs every three hours at the given minute(s). */
  everyThreeHours(minute: number | number[] = 0): this { return this.hourBased('everyThreeHours', minute, '*/3'); }
  /** Runs every four hours at the given minute(s). */
  everyFourHours(minute: number | number[] = 0): this { return this.hourBased('everyFourHours', minute, '*/4'); }
  /** Runs every six hours at the given minute(s). */
  everySixHours(minute: number | number[] = 0): this { return this.hourBased('everySixHours', minute, '*/6'); }

  /** Runs every day at midnight. */
  daily(): this { return this.splice({ minute: '0', hour: '0' }); }
  /** Runs every day at `time` (`'H:MM'` or `'HH:MM'`). */
  dailyAt(time: string): this { return this.timeOfDay('dailyAt', time); }
  /** Runs every day at `time`; alias of `dailyAt`. */
  at(time: string): this { return this.timeOfDay('at', time); }
  /** Runs every day at the top of hours `first` and `second`. */
  twiceDaily(first = 1, second = 13): this { return this.twoHours('twiceDaily', first, second, 0); }
  /** Runs every day at hours `first` and `second`, `minute` past the hour. */
  twiceDailyAt(first = 1, second = 13, minute = 0): this { return this.twoHours('twiceDailyAt', first, second, minute); }

  /** Limits runs to Monday-Friday. */
  weekdays(): this { return this.splice({ dayOfWeek: '1-5' }); }
  /** Limits runs to Saturday and Sunday. */
  weekends(): this { return this.splice({ dayOfWeek: '6,0' }); }
  /** Limits runs to Mondays. */
  mondays(): this { return this.splice({ dayOfWeek: '1' }); }
  /** Limits runs to Tuesdays. */
  tuesdays(): this { return this.splice({ dayOfWeek: '2' }); }
  /** Limits runs to Wednesdays. */
  wednesdays(): this { return this.splice({ dayOfWeek: '3' }); }
  /** Limits runs to Thursdays. */
  thursdays(): this { return this.splice({ dayOfWeek: '4' }); }
  /** Limits runs to Fridays. */
  fridays(): this { return this.splice({ dayOfWeek: '5' }); }
  /** Limits runs to Saturdays. */
  saturdays(): this { return this.splice({ dayOfWeek: '6' }); }
  /** Limits runs to Sundays. */
  sundays(): this { return this.splice({ dayOfWeek: '0' }); }
  /** Limits runs to the given days of the week (0-7 or names, as arguments or one array). */
  days(...days: Array<DayOfWeek | DayOfWeek[]>): this { return this.splice({ dayOfWeek: cronList('days', days, dayOfWeekOf) }); }

  /** Runs every Sunday at midnight. */
  weekly(): this { return this.splice({ minute: '0', hour: '0', dayOfWeek: '0' }); }
  /** Runs on the given day(s) of the week at `time`. */
  weeklyOn(dayOfWeek: DayOfWeek | DayOfWeek[], time = '0:0'): this {
    return this.timeOfDay('weeklyOn', time, { dayOfWeek: cronList('weeklyOn', [dayOfWeek], dayOfWeekOf) });
  }

  /** Runs on the first day of every month at midnight. */
  monthly(): this { return this.splice({ minute: '0', hour: '0', dayOfMonth: '1' }); }
  /** Runs on day `dayOfMonth` of every month at `time`. */
  monthlyOn(dayOfMonth = 1, time = '0:0'): this {
    return this.timeOfDay('monthlyOn', time, { dayOfMonth: String(dayOfMonthOf('monthlyOn', dayOfMonth)) });
  }
  /** Runs on days `first` and `second` of every month at `time`. */
  twiceMonthly(first = 1, second = 16, time = '0:0'): this {
    return this.timeOfDay('twiceMonthly', time, { dayOfMonth: cronList('twiceMonthly', [first, second], dayOfMonthOf) });
  }
  /** Runs on the last day of every month at `time` (cron `L`). */
  lastDayOfMonth(time = '0:0'): this { return this.timeOfDay('lastDayOfMonth', time, { dayOfMonth: 'L' }); }
  /** Limits runs to the given days of the month (1-31, as arguments or one array). */
  daysOfMonth(...days: Array<number | number[]>): this {
    return this.splice({ dayOfMonth: cronList('daysOfMonth', days, dayOfMonthOf) });
  }

  /** Runs on the first day of every quarter at midnight. */
  quarterly(): this { return this.splice({ minute: '0', hour: '0', dayOfMonth: '1', month: '1-12/3' }); }
  /** Runs on day `dayOfQuarter` of each quarter's first month at `time`. */
  quarterlyOn(dayOfQuarter = 1, time = '0:0'): this {
    const dayOfMonth = String(dayOfMonthOf('quarterlyOn', dayOfQuarter));
    return this.timeOfDay('quarterlyOn', time, { dayOfMonth, month: '1-12/3' });
  }
  /** Runs on January 1st at midnight. */
  yearly(): this { return this.splice({ minute: '0', hour: '0', dayOfMonth: '1', month: '1' }); }
  /** Runs every year on `month`/`dayOfMonth` at `time`. */
  yearlyOn(month = 1, dayOfMonth = 1, time = '0:0'): this {
    assertDayExists('yearlyOn', monthOf('yearlyOn', month), dayOfMonthOf('yearlyOn', dayOfMonth));
    return this.timeOfDay('yearlyOn', time, { dayOfMonth: String(dayOfMonth), month: String(month) });
  }

  /** Reads the frequency in IANA zone `timezone` instead of the configuration's default. */
  timezone(timezone: string): this {
    this.zone = assertTimezone(timezone);
    return this;
  }

  /** Runs only when the slot's time of day is within `start`-`end` (inclusive; may wrap past midnight). */
  between(start: string, end: string): this { return this.timeWindow('between', start, end); }
  /** Skips slots whose time of day is within `start`-`end` (inclusive; may wrap past midnight). */
  unlessBetween(start: string, end: string): this { return this.timeWindow('unlessBetween', start, end); }
  /** Runs only when `condition` is (or returns) true. */
  when(condition: FilterCondition): this { return this.addFilter(conditionFilter('when', condition)); }
  /** Skips the slot when `condition` is (or returns) true. */
  skip(condition: FilterCondition): this { return this.addFilter(conditionFilter('skip', condition)); }
  /** Runs only in the given environments (config `environment`, else `NODE_ENV`, else `production`). */
  environments(...names: Array<string | string[]>): this {
    const list = names.flat();
    const bad = list.findIndex((name) => typeof name !== 'string' || name.trim() === '');
    if (list.length === 0) throw new InvalidFrequencyError('environments', list, 'is empty; give at least one environment name');
    if (bad !== -1) throw new InvalidFrequencyError('environments', list[bad], 'is not a non-empty environment name');
    return this.addFilter(environmentsFilter(list));
  }

  /**
   * The collected frequency; filters that read the clock are bound to the builder's timezone, else
   * to `defaultTimezone` (pass the configuration's default so `between()` reads the task's zone).
   */
  protected frequencyState(defaultTimezone = 'UTC'): FrequencyState {
    const { second, minute, hour, dayOfMonth, month, dayOfWeek } = this.fields;
    const fields = [minute, hour, dayOfMonth, month, dayOfWeek];
    return {
      expression: (second === null ? fields : [second, ...fields]).join(' '),
      timezone: this.zone,
      filters: this.filterFactories.map((create) => create(this.zone ?? defaultTimezone)),
    };
  }

  /** Repeats every `seconds` seconds within every minute; `seconds` must divide 60 so runs stay evenly spaced. */
  protected everySeconds(seconds: number): this {
    if (!Number.isInteger(seconds) || seconds < 1 || seconds >= 60 || 60 % seconds !== 0) {
      throw new InvalidFrequencyError('everySeconds', seconds, 'does not divide 60 evenly (use 1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30)');
    }
    return this.splice({ second: seconds === 1 ? '*' : `*/${seconds}`, minute: '*' });
  }

  /** Replaces the given fields; setting the minute without a second returns to 5-field (minute) resolution. */
  private splice(values: Partial<CronFieldValues>): this {
    this.fields = { ...this.fields, ...('minute' in values && !('second' in values) ? { second: null } : {}), ...values };
    return this;
  }

  private hourBased(method: string, minute: number | number[], hour: string): this {
    return this.splice({ minute: cronList(method, [minute], minuteOf), hour });
  }

  /** Sets minute and hour from `time` plus `fields`, all at once, so a rejected argument changes nothing. */
  private timeOfDay(method: string, time: string, fields: Partial<CronFieldValues> = {}): this {
    const { hour, minute } = parseTime(method, time);
    return this.splice({ minute: String(minute), hour: String(hour), ...fields });
  }

  private twoHours(method: string, first: number, second: number, minute: number): this {
    return this.splice({ minute: String(minuteOf(method, minute)), hour: cronList(method, [first, second], hourOf) });
  }

  private timeWindow(kind: 'between' | 'unlessBetween', start: string, end: string): this {
    const from = parseTime(kind, start);
    const to = parseTime(kind, end);
    this.filterFactories.push((timezone) => timeWindowFilter(kind, from, to, timezone));
    return this;
  }

  private addFilter(filter: TaskFilter): this {
    this.filterFactories.push(() => filter);
    return this;
  }
}
