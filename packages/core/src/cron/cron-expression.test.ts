import { describe, expect, it } from 'vitest';
import { InvalidCronExpressionError } from '../errors/invalid-cron-expression-error.js';
import { InvalidTimezoneError } from '../errors/invalid-timezone-error.js';
import { CronExpression } from './cron-expression.js';

const at = (iso: string): Date => new Date(iso);
const isoList = (dates: Date[]): string[] => dates.map((date) => date.toISOString());

describe('CronExpression.parse', () => {
  it.each([
    ['*/5 13 * * *', '*/5 13 * * *'],
    ['  0   9 *  * MON-FRI ', '0 9 * * MON-FRI'],
    ['0\t0\n1 * *', '0 0 1 * *'],
    ['*/10 * * * * *', '*/10 * * * * *'],
    ['@yearly', '0 0 1 1 *'],
    ['@annually', '0 0 1 1 *'],
    ['@monthly', '0 0 1 * *'],
    ['@weekly', '0 0 * * 0'],
    ['@daily', '0 0 * * *'],
    ['@midnight', '0 0 * * *'],
    ['@hourly', '0 * * * *'],
    ['@DAILY', '0 0 * * *'],
    ['0 0 ? * mon#2', '0 0 ? * mon#2'],
  ])('normalizes %j to %j', (input, expected) => {
    expect(CronExpression.parse(input).expression).toBe(expected);
  });

  it('defaults the timezone to UTC and keeps an explicit one', () => {
    expect(CronExpression.parse('0 0 * * *').timezone).toBe('UTC');
    expect(CronExpression.parse('0 0 * * *', { timezone: 'Asia/Tokyo' }).timezone).toBe('Asia/Tokyo');
  });

  it('reports a seconds field only for 6-field input', () => {
    expect(CronExpression.parse('* * * * *').hasSeconds).toBe(false);
    expect(CronExpression.parse('@hourly').hasSeconds).toBe(false);
    expect(CronExpression.parse('*/5 * * * * *').hasSeconds).toBe(true);
  });

  it('returns frozen instances whose toString is the normalized expression', () => {
    const cron = CronExpression.parse(' 0  12 * * * ');
    expect(Object.isFrozen(cron)).toBe(true);
    expect(String(cron)).toBe('0 12 * * *');
  });

  it('throws InvalidTimezoneError naming an unknown zone', () => {
    expect(() => CronExpression.parse('* * * * *', { timezone: 'Mars/Olympus' })).toThrow(InvalidTimezoneError);
    expect(() => CronExpression.parse('* * * * *', { timezone: 'Mars/Olympus' })).toThrow(
      'Timezone: "Mars/Olympus" is not a known IANA timezone',
    );
  });
});

describe('CronExpression validation', () => {
  it.each([
    ['', 'expected 5 or 6 fields, got 0 in ""'],
    ['1 2 3', 'expected 5 or 6 fields, got 3 in "1 2 3"'],
    ['1 2 3 4', 'expected 5 or 6 fields, got 4 in "1 2 3 4"'],
    ['1 2 3 4 5 6 7', 'expected 5 or 6 fields, got 7 in "1 2 3 4 5 6 7"'],
    ['61 * * * *', 'minute field "61" is out of range 0-59 in "61 * * * *"'],
    ['0 24 * * *', 'hour field "24" is out of range 0-23 in "0 24 * * *"'],
    ['0 0 0 * *', 'day-of-month field "0" is out of range 1-31 in "0 0 0 * *"'],
    ['0 0 32 * *', 'day-of-month field "32" is out of range 1-31 in "0 0 32 * *"'],
    ['0 0 * 13 *', 'month field "13" is out of range 1-12 in "0 0 * 13 *"'],
    ['0 0 * * 8', 'day-of-week field "8" is out of range 0-7 in "0 0 * * 8"'],
    ['60 * * * * *', 'second field "60" is out of range 0-59 in "60 * * * * *"'],
    ['5,61 * * * *', 'minute field "61" is out of range 0-59 in "5,61 * * * *"'],
    ['1-61 * * * *', 'minute field "1-61" is out of range 0-59 in "1-61 * * * *"'],
    ['5-2 * * * *', 'minute field "5-2" is a reversed range (5 > 2) in "5-2 * * * *"'],
    ['0 0 * * FRI-SUN', 'day-of-week field "FRI-SUN" is a reversed range (5 > 0) in "0 0 * * FRI-SUN"'],
    ['*/0 * * * *', 'minute field "*/0" has step 0, expected 1-60 in "*/0 * * * *"'],
    ['*/61 * * * *', 'minute field "*/61" has step 61, expected 1-60 in "*/61 * * * *"'],
    ['*/x * * * *', 'minute field "*/x" has step "x", expected a whole number in "*/x * * * *"'],
    ['1/2/3 * * * *', 'minute field "1/2/3" has more than one step in "1/2/3 * * * *"'],
    ['1,,2 * * * *', 'minute field "1,,2" has an empty list item in "1,,2 * * * *"'],
    ['1, * * * *', 'minute field "1," has an empty list item in "1, * * * *"'],
    ['1-2-3 * * * *', 'minute field "1-2-3" is not a valid range in "1-2-3 * * * *"'],
    ['-1 * * * *', 'minute field "-1" has unknown token "", expected a number 0-59 in "-1 * * * *"'],
    ['abc * * * *', 'minute field "abc" has unknown token "abc", expected a number 0-59 in "abc * * * *"'],
    ['0 0 * foo *', 'month field "foo" has unknown token "foo", expected a number 1-12 or a name in "0 0 * foo *"'],
    ['0 0 15w * *', 'day-of-month field "15w" uses W (nearest weekday), which is not supported in "0 0 15w * *"'],
    ['0 0 * FOO *', 'month field "FOO" has unknown token "FOO", expected a number 1-12 or a name in "0 0 * FOO *"'],
    ['0 0 * * MONDAY', 'day-of-week field "MONDAY" has unknown token "MONDAY", expected a number 0-7 or a name in "0 0 * * MONDAY"'],
    ['0 0 15W * *', 'day-of-month field "15W" uses W (nearest weekday), which is not supported in "0 0 15W * *"'],
    ['0 0 LW * *', 'day-of-month field "LW" uses W (nearest weekday), which is not supported in "0 0 LW * *"'],
    ['0 0 L-2 * *', 'day-of-month field "L-2" combines L with a range, step or offset, which is not supported in "0 0 L-2 * *"'],
    ['L * * * *', 'minute field "L" has unknown token "L", expected a number 0-59 in "L * * * *"'],
    ['0 0 * * L', 'day-of-week field "L" needs a day before L, e.g. "5L" for the last Friday of the month in "0 0 * * L"'],
    ['0 0 * * 8L', 'day-of-week field "8L" is out of range 0-7 in "0 0 * * 8L"'],
    ['0 0 * * 1#6', 'day-of-week field "1#6" has occurrence 6, expected 1-5 in "0 0 * * 1#6"'],
    ['0 0 * * 1#0', 'day-of-week field "1#0" has occurrence 0, expected 1-5 in "0 0 * * 1#0"'],
    ['0 0 * * 1#', 'day-of-week field "1#" is not a valid "day#occurrence" pair in "0 0 * * 1#"'],
    ['0 0 * * 1#2,3#1', 'day-of-week field "1#2,3#1" combines # with a list, which is not supported in "0 0 * * 1#2,3#1"'],
    ['0 0 * * 8#1', 'day-of-week field "8#1" is out of range 0-7 in "0 0 * * 8#1"'],
    ['0 ? * * *', 'hour field "?" uses ?, which is only allowed in day-of-month and day-of-week in "0 ? * * *"'],
    ['H * * * *', 'minute field "H" uses H (hashed values), which is not supported in "H * * * *"'],
    ['@reboot', 'unknown nickname "@reboot", expected one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly in "@reboot"'],
    ['@daily 5', 'unknown nickname "@daily 5", expected one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly in "@daily 5"'],
  ])('rejects %j with a message naming the field and value', (expression, message) => {
    let thrown: unknown;
    try {
      CronExpression.parse(expression);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidCronExpressionError);
    expect((thrown as Error).message).toBe(`CronExpression: ${message}`);
  });

  it('records the field and value in the error context', () => {
    const error = captureError(() => CronExpression.parse('61 * * * *'));
    expect(error).toMatchObject({ code: 'INVALID_CRON_EXPRESSION', context: { expression: '61 * * * *', field: 'minute', value: '61' } });
  });

  it.each([
    [42, 'CronExpression: expected a string, got number in "42"'],
    [undefined, 'CronExpression: expected a string, got undefined in "undefined"'],
    [null, 'CronExpression: expected a string, got null in "null"'],
    [['* * * * *'], 'CronExpression: expected a string, got array in "* * * * *"'],
  ])('rejects the non-string %j with a typed error', (input, message) => {
    const error = captureError(() => CronExpression.parse(input as unknown as string));
    expect(error).toBeInstanceOf(InvalidCronExpressionError);
    expect((error as Error).message).toBe(message);
  });

  it('wraps a day that never exists in its month as InvalidCronExpressionError with the cron-parser cause', () => {
    const error = captureError(() => CronExpression.parse('0 0 30 2 *'));
    expect(error).toBeInstanceOf(InvalidCronExpressionError);
    expect((error as Error).message).toBe(
      'CronExpression: is rejected by cron-parser (Invalid explicit day of month definition) in "0 0 30 2 *"',
    );
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('only ever throws InvalidCronExpressionError for random garbage', () => {
    const random = seededRandom(20260308);
    const alphabet = ['0', '1', '5', '7', '12', '31', '59', '60', '*', '/', ',', '-', 'L', 'W', '#', '?', 'H', 'MON', 'jan', '@', 'daily', 'x', ' ', ' ', ' ', '\t', '(', '.', '9999999999'];
    for (let index = 0; index < 600; index++) {
      const length = 1 + Math.floor(random() * 24);
      let text = '';
      for (let char = 0; char < length; char++) text += alphabet[Math.floor(random() * alphabet.length)];
      try {
        const cron = CronExpression.parse(text);
        cron.nextRunAt(at('2026-01-01T00:00:00Z'));
      } catch (error) {
        expect(error, `garbage ${JSON.stringify(text)}`).toBeInstanceOf(InvalidCronExpressionError);
      }
    }
  });

  it('only ever throws InvalidCronExpressionError for random five-field combinations of valid-looking tokens', () => {
    const random = seededRandom(42);
    const common = ['*', '*', '1', '7', '*/5', '1-5', '1,2', '2/3'];
    const tricky = ['5-1', '*/0', 'L', '5L', '1#2', '1#6', '?', 'MON', 'FEB', '1,', '30', '31', '61', 'H', '0'];
    const pick = (pool: string[]): string => pool[Math.floor(random() * pool.length)]!;
    let valid = 0;
    for (let index = 0; index < 400; index++) {
      const text = Array.from({ length: 5 }, () => pick(random() < 0.75 ? common : tricky)).join(' ');
      try {
        CronExpression.parse(text, { timezone: 'America/New_York' }).nextRunAt(at('2026-03-08T06:30:00Z'));
        valid++;
      } catch (error) {
        expect(error, `combination ${JSON.stringify(text)}`).toBeInstanceOf(InvalidCronExpressionError);
      }
    }
    // Both outcomes must occur, or the test would not exercise parsing and evaluation together.
    expect(valid).toBeGreaterThan(20);
    expect(valid).toBeLessThan(380);
  });
});

describe('CronExpression evaluation in UTC', () => {
  it('finds the first slot strictly after a date', () => {
    const cron = CronExpression.parse('*/15 * * * *');
    expect(cron.nextRunAt(at('2026-01-01T10:00:00Z')).toISOString()).toBe('2026-01-01T10:15:00.000Z');
    expect(cron.nextRunAt(at('2026-01-01T10:07:31.250Z')).toISOString()).toBe('2026-01-01T10:15:00.000Z');
  });

  it('finds the last slot strictly before a date', () => {
    const cron = CronExpression.parse('*/15 * * * *');
    expect(cron.previousRunAt(at('2026-01-01T10:15:00Z')).toISOString()).toBe('2026-01-01T10:00:00.000Z');
    expect(cron.previousRunAt(at('2026-01-01T10:15:00.001Z')).toISOString()).toBe('2026-01-01T10:15:00.000Z');
  });

  it('lists the next runs strictly increasing', () => {
    expect(isoList(CronExpression.parse('0 9 * * MON-FRI').nextRuns(4, at('2026-01-02T09:00:00Z')))).toEqual([
      '2026-01-05T09:00:00.000Z',
      '2026-01-06T09:00:00.000Z',
      '2026-01-07T09:00:00.000Z',
      '2026-01-08T09:00:00.000Z',
    ]);
    expect(CronExpression.parse('* * * * *').nextRuns(0, at('2026-01-01T00:00:00Z'))).toEqual([]);
  });

  it('rejects a negative or fractional run count', () => {
    const cron = CronExpression.parse('* * * * *');
    expect(() => cron.nextRuns(-1, at('2026-01-01T00:00:00Z'))).toThrow('CronExpression.nextRuns: count "-1" must be a whole number >= 0');
    expect(() => cron.nextRuns(1.5, at('2026-01-01T00:00:00Z'))).toThrow(RangeError);
  });

  it('rejects an invalid Date instead of returning garbage', () => {
    expect(() => CronExpression.parse('* * * * *').nextRunAt(new Date(Number.NaN))).toThrow(
      'CronExpression.nextRunAt: "Invalid Date" is not a valid Date',
    );
  });

  it('treats a 5-field expression as due for the whole matching minute', () => {
    const cron = CronExpression.parse('30 10 * * *');
    expect(cron.isDue(at('2026-01-01T10:30:00Z'))).toBe(true);
    expect(cron.isDue(at('2026-01-01T10:30:59.999Z'))).toBe(true);
    expect(cron.isDue(at('2026-01-01T10:31:00Z'))).toBe(false);
    expect(cron.isDue(at('2026-01-01T10:29:59.999Z'))).toBe(false);
  });

  it('treats a 6-field expression as due for the whole matching second', () => {
    const cron = CronExpression.parse('*/5 * * * * *');
    expect(cron.isDue(at('2026-01-01T10:30:05.900Z'))).toBe(true);
    expect(cron.isDue(at('2026-01-01T10:30:06Z'))).toBe(false);
    expect(isoList(cron.nextRuns(3, at('2026-01-01T10:30:58Z')))).toEqual([
      '2026-01-01T10:31:00.000Z',
      '2026-01-01T10:31:05.000Z',
      '2026-01-01T10:31:10.000Z',
    ]);
  });

  it.each([
    ['0 0 L * *', '2026-02-10T00:00:00Z', '2026-02-28T00:00:00.000Z'],
    ['0 0 L 2 *', '2027-06-01T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['0 0 * * 5L', '2026-01-01T00:00:00Z', '2026-01-30T00:00:00.000Z'],
    ['0 0 * * FRIL', '2026-01-01T00:00:00Z', '2026-01-30T00:00:00.000Z'],
    ['0 0 * * MON#2', '2026-01-01T00:00:00Z', '2026-01-12T00:00:00.000Z'],
    ['0 0 ? * 7', '2026-01-01T00:00:00Z', '2026-01-04T00:00:00.000Z'],
    ['0 0 * * sun', '2026-01-01T00:00:00Z', '2026-01-04T00:00:00.000Z'],
    ['0 0 1 jan-MAR/2 ?', '2026-01-02T00:00:00Z', '2026-03-01T00:00:00.000Z'],
    ['5/20 * * * *', '2026-01-01T00:06:00Z', '2026-01-01T00:25:00.000Z'],
    ['0 0 13 * 5', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00.000Z'],
  ])('evaluates %j after %s as %s', (expression, from, expected) => {
    expect(CronExpression.parse(expression).nextRunAt(at(from)).toISOString()).toBe(expected);
  });

  it('evaluates wall-clock fields in the given timezone outside DST changes', () => {
    const cron = CronExpression.parse('0 9 * * *', { timezone: 'Asia/Kolkata' });
    expect(cron.nextRunAt(at('2026-06-01T00:00:00Z')).toISOString()).toBe('2026-06-01T03:30:00.000Z');
    expect(cron.previousRunAt(at('2026-06-01T00:00:00Z')).toISOString()).toBe('2026-05-31T03:30:00.000Z');
    expect(cron.isDue(at('2026-06-01T03:30:00Z'))).toBe(true);
  });
});

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

/** Mulberry32: a tiny deterministic generator so a failing garbage string can be reproduced. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

describe('CronExpression.parse with values that cannot be printed', () => {
  it('throws InvalidCronExpressionError, not a TypeError, for objects String() cannot convert', () => {
    for (const value of [Object.create(null), { toString: 0, valueOf: 0 }]) {
      expect(() => CronExpression.parse(value as never)).toThrow(InvalidCronExpressionError);
      expect(() => CronExpression.parse(value as never)).toThrow('expected a string, got object');
    }
  });
});

describe('CronExpression lists whose items overlap', () => {
  it('accepts them like crontab(5) and runs each matching time once', () => {
    const overlapping = CronExpression.parse('0 9-17,12 * * *');
    const plain = CronExpression.parse('0 9-17 * * *');
    expect(overlapping.expression).toBe('0 9-17,12 * * *');
    const from = new Date('2026-04-01T00:00:00Z');
    expect(overlapping.nextRuns(20, from).map(String)).toEqual(plain.nextRuns(20, from).map(String));
  });

  it('reads day-of-week 0 and 7 together as Sunday once', () => {
    const sundays = CronExpression.parse('0 0 * * 0,7').nextRuns(3, new Date('2026-04-01T00:00:00Z'));
    expect(sundays.map((date) => date.toISOString())).toEqual(['2026-04-05T00:00:00.000Z', '2026-04-12T00:00:00.000Z', '2026-04-19T00:00:00.000Z']);
  });

  it('merges overlapping steps, ranges and stars in every field', () => {
    expect(CronExpression.parse('*/15,30 * * * *').nextRuns(5, new Date('2026-04-01T00:00:30Z')).map((date) => date.toISOString().slice(11, 16))).toEqual([
      '00:15',
      '00:30',
      '00:45',
      '01:00',
      '01:15',
    ]);
    expect(CronExpression.parse('1,1 * * * *').nextRunAt(new Date('2026-04-01T00:00:00Z')).toISOString()).toBe('2026-04-01T00:01:00.000Z');
    expect(CronExpression.parse('0 0 1 JUL,1-7 *').nextRunAt(new Date('2026-06-15T00:00:00Z')).toISOString()).toBe('2026-07-01T00:00:00.000Z');
    expect(CronExpression.parse('0 0 1,1-3 * *').nextRuns(3, new Date('2026-04-01T00:00:00Z')).map((date) => date.getUTCDate())).toEqual([2, 3, 1]);
  });
});

