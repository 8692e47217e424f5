import { describe, expect, it } from 'vitest';
import { InvalidCronExpressionError } from '../errors/invalid-cron-expression-error.js';
import { InvalidFrequencyError } from '../errors/invalid-frequency-error.js';
import { InvalidTimezoneError } from '../errors/invalid-timezone-error.js';
import { FrequencyBuilder, type FrequencyState } from './frequency-builder.js';

class TestBuilder extends FrequencyBuilder {
  state(defaultTimezone?: string): FrequencyState {
    return this.frequencyState(defaultTimezone);
  }

  expression(): string {
    return this.state().expression;
  }

  repeatEvery(seconds: number): this {
    return this.everySeconds(seconds);
  }
}

const builder = (): TestBuilder => new TestBuilder();

describe('FrequencyBuilder methods', () => {
  it.each<[string, (b: TestBuilder) => unknown, string]>([
    ['a fresh builder', (b) => b, '* * * * *'],
    ['cron', (b) => b.cron('*/10 2 * * MON'), '*/10 2 * * MON'],
    ['cron with a nickname', (b) => b.cron('@weekly'), '0 0 * * 0'],
    ['cron with seconds', (b) => b.cron('30 0 * * * *'), '30 0 * * * *'],
    ['everySecond', (b) => b.everySecond(), '* * * * * *'],
    ['everyTwoSeconds', (b) => b.everyTwoSeconds(), '*/2 * * * * *'],
    ['everyFiveSeconds', (b) => b.everyFiveSeconds(), '*/5 * * * * *'],
    ['everyTenSeconds', (b) => b.everyTenSeconds(), '*/10 * * * * *'],
    ['everyFifteenSeconds', (b) => b.everyFifteenSeconds(), '*/15 * * * * *'],
    ['everyTwentySeconds', (b) => b.everyTwentySeconds(), '*/20 * * * * *'],
    ['everyThirtySeconds', (b) => b.everyThirtySeconds(), '*/30 * * * * *'],
    ['everySeconds(12)', (b) => b.repeatEvery(12), '*/12 * * * * *'],
    ['everyMinute', (b) => b.everyMinute(), '* * * * *'],
    ['everyTwoMinutes', (b) => b.everyTwoMinutes(), '*/2 * * * *'],
    ['everyThreeMinutes', (b) => b.everyThreeMinutes(), '*/3 * * * *'],
    ['everyFourMinutes', (b) => b.everyFourMinutes(), '*/4 * * * *'],
    ['everyFiveMinutes', (b) => b.everyFiveMinutes(), '*/5 * * * *'],
    ['everyTenMinutes', (b) => b.everyTenMinutes(), '*/10 * * * *'],
    ['everyFifteenMinutes', (b) => b.everyFifteenMinutes(), '*/15 * * * *'],
    ['everyThirtyMinutes', (b) => b.everyThirtyMinutes(), '*/30 * * * *'],
    ['hourly', (b) => b.hourly(), '0 * * * *'],
    ['hourlyAt(17)', (b) => b.hourlyAt(17), '17 * * * *'],
    ['hourlyAt([15, 45])', (b) => b.hourlyAt([15, 45]), '15,45 * * * *'],
    ['everyOddHour()', (b) => b.everyOddHour(), '0 1-23/2 * * *'],
    ['everyOddHour(30)', (b) => b.everyOddHour(30), '30 1-23/2 * * *'],
    ['everyTwoHours()', (b) => b.everyTwoHours(), '0 */2 * * *'],
    ['everyThreeHours()', (b) => b.everyThreeHours(), '0 */3 * * *'],
    ['everyFourHours()', (b) => b.everyFourHours(), '0 */4 * * *'],
    ['everySixHours()', (b) => b.everySixHours(), '0 */6 * * *'],
    ['everySixHours([0, 30])', (b) => b.everySixHours([0, 30]), '0,30 */6 * * *'],
    ['daily', (b) => b.daily(), '0 0 * * *'],
    ["dailyAt('13:00')", (b) => b.dailyAt('13:00'), '0 13 * * *'],
    ["dailyAt('9:05')", (b) => b.dailyAt('9:05'), '5 9 * * *'],
    ["dailyAt('0:0')", (b) => b.dailyAt('0:0'), '0 0 * * *'],
    ["at('23:59')", (b) => b.at('23:59'), '59 23 * * *'],
    ['twiceDaily()', (b) => b.twiceDaily(), '0 1,13 * * *'],
    ['twiceDaily(3, 15)', (b) => b.twiceDaily(3, 15), '0 3,15 * * *'],
    ['twiceDailyAt()', (b) => b.twiceDailyAt(), '0 1,13 * * *'],
    ['twiceDailyAt(2, 14, 30)', (b) => b.twiceDailyAt(2, 14, 30), '30 2,14 * * *'],
    ['weekdays', (b) => b.weekdays(), '* * * * 1-5'],
    ['weekends', (b) => b.weekends(), '* * * * 6,0'],
    ['mondays', (b) => b.mondays(), '* * * * 1'],
    ['tuesdays', (b) => b.tuesdays(), '* * * * 2'],
    ['wednesdays', (b) => b.wednesdays(), '* * * * 3'],
    ['thursdays', (b) => b.thursdays(), '* * * * 4'],
    ['fridays', (b) => b.fridays(), '* * * * 5'],
    ['saturdays', (b) => b.saturdays(), '* * * * 6'],
    ['sundays', (b) => b.sundays(), '* * * * 0'],
    ['days(1, 3, 5)', (b) => b.days(1, 3, 5), '* * * * 1,3,5'],
    ["days(['MON', 'friday', 7])", (b) => b.days(['MON', 'friday', 7]), '* * * * 1,5,7'],
    ['weekly', (b) => b.weekly(), '0 0 * * 0'],
    ['weeklyOn(1)', (b) => b.weeklyOn(1), '0 0 * * 1'],
    ["weeklyOn(['sat', 'sun'], '8:30')", (b) => b.weeklyOn(['sat', 'sun'], '8:30'), '30 8 * * 6,0'],
    ['monthly', (b) => b.monthly(), '0 0 1 * *'],
    ['monthlyOn()', (b) => b.monthlyOn(), '0 0 1 * *'],
    ["monthlyOn(4, '15:00')", (b) => b.monthlyOn(4, '15:00'), '0 15 4 * *'],
    ['twiceMonthly()', (b) => b.twiceMonthly(), '0 0 1,16 * *'],
    ["twiceMonthly(1, 15, '13:00')", (b) => b.twiceMonthly(1, 15, '13:00'), '0 13 1,15 * *'],
    ['lastDayOfMonth()', (b) => b.lastDayOfMonth(), '0 0 L * *'],
    ["lastDayOfMonth('15:00')", (b) => b.lastDayOfMonth('15:00'), '0 15 L * *'],
    ['daysOfMonth(1, 10, 20)', (b) => b.daysOfMonth(1, 10, 20), '* * 1,10,20 * *'],
    ['daysOfMonth([5, 25])', (b) => b.daysOfMonth([5, 25]), '* * 5,25 * *'],
    ['quarterly', (b) => b.quarterly(), '0 0 1 1-12/3 *'],
    ['quarterlyOn()', (b) => b.quarterlyOn(), '0 0 1 1-12/3 *'],
    ["quarterlyOn(4, '14:00')", (b) => b.quarterlyOn(4, '14:00'), '0 14 4 1-12/3 *'],
    ['yearly', (b) => b.yearly(), '0 0 1 1 *'],
    ['yearlyOn()', (b) => b.yearlyOn(), '0 0 1 1 *'],
    ["yearlyOn(6, 1, '17:00')", (b) => b.yearlyOn(6, 1, '17:00'), '0 17 1 6 *'],
    ['yearlyOn(2, 29)', (b) => b.yearlyOn(2, 29), '0 0 29 2 *'],
  ])('%s gives the expression %j', (_name, apply, expected) => {
    const b = builder();
    apply(b);
    expect(b.expression()).toBe(expected);
  });

  it('returns the builder itself from every method so calls chain', () => {
    const b = builder();
    expect(b.weekdays().dailyAt('9:00').timezone('UTC').when(true)).toBe(b);
  });
});

describe('FrequencyBuilder composition', () => {
  it.each<[string, (b: TestBuilder) => unknown, string]>([
    ["dailyAt('13:00').everyFiveMinutes() keeps the hour", (b) => b.dailyAt('13:00').everyFiveMinutes(), '*/5 13 * * *'],
    ['everyFiveMinutes().hourly() resets the minute', (b) => b.everyFiveMinutes().hourly(), '0 * * * *'],
    ['everyFiveSeconds().hourly() drops the seconds field', (b) => b.everyFiveSeconds().hourly(), '0 * * * *'],
    ["weekdays().dailyAt('9:15') keeps the days", (b) => b.weekdays().dailyAt('9:15'), '15 9 * * 1-5'],
    ['mondays().everyFifteenMinutes() keeps the day', (b) => b.mondays().everyFifteenMinutes(), '*/15 * * * 1'],
    ["dailyAt('13:00').everyFiveSeconds() keeps the hour", (b) => b.dailyAt('13:00').everyFiveSeconds(), '*/5 * 13 * * *'],
    ['everyTenSeconds().weekdays() keeps the seconds', (b) => b.everyTenSeconds().weekdays(), '*/10 * * * * 1-5'],
    ['everyTenSeconds().daysOfMonth(1) keeps the seconds', (b) => b.everyTenSeconds().daysOfMonth(1), '*/10 * * 1 * *'],
    ['everyTenSeconds().everyMinute() drops the seconds', (b) => b.everyTenSeconds().everyMinute(), '* * * * *'],
    ['hourlyAt(5) after dailyAt resets the hour to every hour', (b) => b.dailyAt('13:00').hourlyAt(5), '5 * * * *'],
    ["weekly().at('10:30') keeps Sunday", (b) => b.weekly().at('10:30'), '30 10 * * 0'],
    ['fridays().monthly() keeps Friday (cron ORs day fields)', (b) => b.fridays().monthly(), '0 0 1 * 5'],
    ['quarterly().daily() keeps day and month', (b) => b.quarterly().daily(), '0 0 1 1-12/3 *'],
    ['cron() replaces everything', (b) => b.everyFiveSeconds().weekdays().cron('0 3 * * *'), '0 3 * * *'],
    ['a method after cron() edits its fields', (b) => b.cron('0 3 * * 1').everyTenMinutes(), '*/10 3 * * 1'],
  ])('%s', (_name, apply, expected) => {
    const b = builder();
    apply(b);
    expect(b.expression()).toBe(expected);
  });
});

describe('FrequencyBuilder validation', () => {
  it.each<[string, (b: TestBuilder) => unknown, string]>([
    ["dailyAt('25:00')", (b) => b.dailyAt('25:00'), 'Schedule.dailyAt: "25:00" has hour 25, expected 0-23'],
    ["dailyAt('12:60')", (b) => b.dailyAt('12:60'), 'Schedule.dailyAt: "12:60" has minute 60, expected 0-59'],
    ["dailyAt('noon')", (b) => b.dailyAt('noon'), 'Schedule.dailyAt: "noon" is not a time of day; expected "HH:MM" (e.g. "13:05")'],
    ["dailyAt('13')", (b) => b.dailyAt('13'), 'Schedule.dailyAt: "13" is not a time of day; expected "HH:MM" (e.g. "13:05")'],
    ["dailyAt('12:00:30')", (b) => b.dailyAt('12:00:30'), 'Schedule.dailyAt: "12:00:30" has seconds, which a time of day cannot set; expected "HH:MM"'],
    ['dailyAt(1300)', (b) => b.dailyAt(1300 as unknown as string), 'Schedule.dailyAt: "1300" is not a time of day; expected "HH:MM" (e.g. "13:05")'],
    ["at('24:00')", (b) => b.at('24:00'), 'Schedule.at: "24:00" has hour 24, expected 0-23'],
    ["weeklyOn(1, '7:99')", (b) => b.weeklyOn(1, '7:99'), 'Schedule.weeklyOn: "7:99" has minute 99, expected 0-59'],
    ['hourlyAt(60)', (b) => b.hourlyAt(60), 'Schedule.hourlyAt: "60" is not a minute (a whole number 0-59)'],
    ['hourlyAt(-1)', (b) => b.hourlyAt(-1), 'Schedule.hourlyAt: "-1" is not a minute (a whole number 0-59)'],
    ['hourlyAt(1.5)', (b) => b.hourlyAt(1.5), 'Schedule.hourlyAt: "1.5" is not a minute (a whole number 0-59)'],
    ['hourlyAt([])', (b) => b.hourlyAt([]), 'Schedule.hourlyAt: "[]" is empty; give at least one value'],
    ['hourlyAt([5, 5])', (b) => b.hourlyAt([5, 5]), 'Schedule.hourlyAt: "[5,5]" lists 5 more than once'],
    ["hourlyAt('5')", (b) => b.hourlyAt('5' as unknown as number), 'Schedule.hourlyAt: "5" is not a minute (a whole number 0-59)'],
    ['everyOddHour(75)', (b) => b.everyOddHour(75), 'Schedule.everyOddHour: "75" is not a minute (a whole number 0-59)'],
    ['everyTwoHours(NaN)', (b) => b.everyTwoHours(Number.NaN), 'Schedule.everyTwoHours: "null" is not a minute (a whole number 0-59)'],
    ['twiceDaily(5, 5)', (b) => b.twiceDaily(5, 5), 'Schedule.twiceDaily: "[5,5]" lists 5 more than once'],
    ['twiceDaily(1, 24)', (b) => b.twiceDaily(1, 24), 'Schedule.twiceDaily: "24" is not an hour (a whole number 0-23)'],
    ['twiceDailyAt(1, 13, 60)', (b) => b.twiceDailyAt(1, 13, 60), 'Schedule.twiceDailyAt: "60" is not a minute (a whole number 0-59)'],
    ['monthlyOn(0)', (b) => b.monthlyOn(0), 'Schedule.monthlyOn: "0" is not a day of the month (a whole number 1-31)'],
    ['monthlyOn(32)', (b) => b.monthlyOn(32), 'Schedule.monthlyOn: "32" is not a day of the month (a whole number 1-31)'],
    ['monthlyOn(1.5)', (b) => b.monthlyOn(1.5), 'Schedule.monthlyOn: "1.5" is not a day of the month (a whole number 1-31)'],
    ['twiceMonthly(1, 1)', (b) => b.twiceMonthly(1, 1), 'Schedule.twiceMonthly: "[1,1]" lists 1 more than once'],
    ['daysOfMonth(0)', (b) => b.daysOfMonth(0), 'Schedule.daysOfMonth: "0" is not a day of the month (a whole number 1-31)'],
    ['daysOfMonth()', (b) => b.daysOfMonth(), 'Schedule.daysOfMonth: "[]" is empty; give at least one value'],
    ['quarterlyOn(32)', (b) => b.quarterlyOn(32), 'Schedule.quarterlyOn: "32" is not a day of the month (a whole number 1-31)'],
    ['weeklyOn(8)', (b) => b.weeklyOn(8), 'Schedule.weeklyOn: "8" is not a day of the week (a whole number 0-7)'],
    ["weeklyOn('someday')", (b) => b.weeklyOn('someday'), 'Schedule.weeklyOn: "someday" is not a day of the week (0-7 or a name like "MON")'],
    ['days()', (b) => b.days(), 'Schedule.days: "[]" is empty; give at least one value'],
    ['days(1, 1)', (b) => b.days(1, 1), 'Schedule.days: "[1,1]" lists 1 more than once'],
    ['days(-1)', (b) => b.days(-1), 'Schedule.days: "-1" is not a day of the week (a whole number 0-7)'],
    ['yearlyOn(13)', (b) => b.yearlyOn(13), 'Schedule.yearlyOn: "13" is not a month (a whole number 1-12)'],
    ['yearlyOn(0)', (b) => b.yearlyOn(0), 'Schedule.yearlyOn: "0" is not a month (a whole number 1-12)'],
    ['yearlyOn(1, 32)', (b) => b.yearlyOn(1, 32), 'Schedule.yearlyOn: "32" is not a day of the month (a whole number 1-31)'],
    ['yearlyOn(2, 30)', (b) => b.yearlyOn(2, 30), 'Schedule.yearlyOn: "[2,30]" is never a date: month 2 has at most 29 days'],
    ['yearlyOn(4, 31)', (b) => b.yearlyOn(4, 31), 'Schedule.yearlyOn: "[4,31]" is never a date: month 4 has at most 30 days'],
    ['everySeconds(7)', (b) => b.repeatEvery(7), 'Schedule.everySeconds: "7" does not divide 60 evenly (use 1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30)'],
    ['everySeconds(60)', (b) => b.repeatEvery(60), 'Schedule.everySeconds: "60" does not divide 60 evenly (use 1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30)'],
    ['everySeconds(0)', (b) => b.repeatEvery(0), 'Schedule.everySeconds: "0" does not divide 60 evenly (use 1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30)'],
    ["between('9:00', '25:00')", (b) => b.between('9:00', '25:00'), 'Schedule.between: "25:00" has hour 25, expected 0-23'],
    ["unlessBetween('x', '10:00')", (b) => b.unlessBetween('x', '10:00'), 'Schedule.unlessBetween: "x" is not a time of day; expected "HH:MM" (e.g. "13:05")'],
    ["when('yes')", (b) => b.when('yes' as unknown as boolean), 'Schedule.when: "yes" is not a boolean or a function'],
    ['skip(undefined)', (b) => b.skip(undefined as unknown as boolean), 'Schedule.skip: "undefined" is not a boolean or a function'],
    ['environments()', (b) => b.environments(), 'Schedule.environments: "[]" is empty; give at least one environment name'],
    ["environments('prod', '')", (b) => b.environments('prod', ''), 'Schedule.environments: "" is not a non-empty environment name'],
  ])('%s throws InvalidFrequencyError quoting the bad value', (_name, apply, message) => {
    const b = builder();
    let thrown: unknown;
    try {
      apply(b);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidFrequencyError);
    expect((thrown as Error).message).toBe(message);
  });

  it.each<[string, (b: TestBuilder) => unknown]>([
    ["monthlyOn(40, '1:00')", (b) => b.monthlyOn(40, '1:00')],
    ["weeklyOn(9, '1:00')", (b) => b.weeklyOn(9, '1:00')],
    ["twiceMonthly(1, 1, '1:00')", (b) => b.twiceMonthly(1, 1, '1:00')],
    ["yearlyOn(2, 31, '1:00')", (b) => b.yearlyOn(2, 31, '1:00')],
    ["quarterlyOn(0, '1:00')", (b) => b.quarterlyOn(0, '1:00')],
    ['twiceDailyAt(1, 1, 5)', (b) => b.twiceDailyAt(1, 1, 5)],
  ])('leaves the expression unchanged when %s rejects an argument', (_name, apply) => {
    const b = builder().dailyAt('13:00');
    expect(() => apply(b)).toThrow(InvalidFrequencyError);
    expect(b.expression()).toBe('0 13 * * *');
  });

  it('rejects an invalid cron expression with InvalidCronExpressionError', () => {
    expect(() => builder().cron('61 * * * *')).toThrow(InvalidCronExpressionError);
    expect(() => builder().cron('61 * * * *')).toThrow('CronExpression: minute field "61" is out of range 0-59 in "61 * * * *"');
  });

  it('rejects an unknown timezone with InvalidTimezoneError', () => {
    expect(() => builder().timezone('Europe/Atlantis')).toThrow(InvalidTimezoneError);
    expect(() => builder().timezone('Europe/Atlantis')).toThrow('Timezone: "Europe/Atlantis" is not a known IANA timezone');
  });
});

describe('FrequencyBuilder state', () => {
  it('reports no timezone until one is set, then the one set', () => {
    expect(builder().state().timezone).toBeUndefined();
    expect(builder().timezone('Asia/Tokyo').state().timezone).toBe('Asia/Tokyo');
  });

  it('accumulates filters in the order they were added', () => {
    const filters = builder().when(true).between('9:00', '17:00').skip(false).environments('production').unlessBetween('12:00', '13:00').state().filters;
    expect(filters.map((filter) => filter.kind)).toEqual(['when', 'between', 'skip', 'environments', 'unlessBetween']);
  });
});
