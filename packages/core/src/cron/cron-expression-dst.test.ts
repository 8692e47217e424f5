import { describe, expect, it } from 'vitest';
import { CronExpression } from './cron-expression.js';

const HOUR = 3_600_000;
const at = (iso: string): Date => new Date(iso);
const isoList = (dates: Date[]): string[] => dates.map((date) => date.toISOString());
const newYork = (expression: string): CronExpression => CronExpression.parse(expression, { timezone: 'America/New_York' });
const london = (expression: string): CronExpression => CronExpression.parse(expression, { timezone: 'Europe/London' });

/** Every slot in `[from, to)`, collected through nextRunAt. */
function slotsBetween(cron: CronExpression, from: string, to: string): string[] {
  const slots: string[] = [];
  for (let slot = cron.nextRunAt(new Date(Date.parse(from) - 1)); slot < at(to); slot = cron.nextRunAt(slot)) {
    slots.push(slot.toISOString());
  }
  return slots;
}

/** Every slot before `to` back to `from`, collected through previousRunAt, oldest first. */
function slotsBackwards(cron: CronExpression, from: string, to: string): string[] {
  const slots: string[] = [];
  for (let slot = cron.previousRunAt(at(to)); slot >= at(from); slot = cron.previousRunAt(slot)) slots.unshift(slot.toISOString());
  return slots;
}

describe('DST in America/New_York: spring-forward on 2026-03-08 (02:00 EST -> 03:00 EDT)', () => {
  it('runs a fixed time inside the gap once, at the first instant after the gap (03:00 EDT)', () => {
    expect(isoList(newYork('30 2 * * *').nextRuns(3, at('2026-03-07T00:00:00Z')))).toEqual([
      '2026-03-07T07:30:00.000Z',
      '2026-03-08T07:00:00.000Z',
      '2026-03-09T06:30:00.000Z',
    ]);
  });

  it('moves every skipped wall time of the gap to 03:00 EDT, not to an hour later', () => {
    expect(newYork('0 2 * * *').nextRunAt(at('2026-03-08T00:00:00Z')).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(newYork('59 2 * * *').nextRunAt(at('2026-03-08T00:00:00Z')).toISOString()).toBe('2026-03-08T07:00:00.000Z');
  });

  it('collapses several skipped wall times and a real 03:00 slot into one run', () => {
    expect(slotsBetween(newYork('0,30 2,3 * * *'), '2026-03-08T05:00:00Z', '2026-03-08T12:00:00Z')).toEqual([
      '2026-03-08T07:00:00.000Z',
      '2026-03-08T07:30:00.000Z',
    ]);
  });

  it('walks back through the moved slot with previousRunAt', () => {
    const cron = newYork('30 2 * * *');
    expect(cron.previousRunAt(at('2026-03-09T06:30:00Z')).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(cron.previousRunAt(at('2026-03-08T07:00:00Z')).toISOString()).toBe('2026-03-07T07:30:00.000Z');
    expect(cron.previousRunAt(at('2026-03-08T07:00:00.001Z')).toISOString()).toBe('2026-03-08T07:00:00.000Z');
  });

  it('is due at 03:00 EDT for the skipped 02:30 and not at 03:30 EDT', () => {
    const cron = newYork('30 2 * * *');
    expect(cron.isDue(at('2026-03-08T07:00:00Z'))).toBe(true);
    expect(cron.isDue(at('2026-03-08T07:00:59Z'))).toBe(true);
    expect(cron.isDue(at('2026-03-08T07:30:00Z'))).toBe(false);
    expect(cron.isDue(at('2026-03-09T06:30:00Z'))).toBe(true);
  });

  it('runs hourly 23 times on the 23-hour day, following elapsed time', () => {
    const slots = slotsBetween(newYork('0 * * * *'), '2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z');
    expect(slots).toHaveLength(23);
    expect(slots.slice(0, 3)).toEqual(['2026-03-08T05:00:00.000Z', '2026-03-08T06:00:00.000Z', '2026-03-08T07:00:00.000Z']);
    expect(slotsBackwards(newYork('0 * * * *'), '2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z')).toEqual(slots);
  });

  it('keeps every-15-minutes at 15 real minutes across the gap', () => {
    expect(isoList(newYork('*/15 * * * *').nextRuns(3, at('2026-03-08T06:40:00Z')))).toEqual([
      '2026-03-08T06:45:00.000Z',
      '2026-03-08T07:00:00.000Z',
      '2026-03-08T07:15:00.000Z',
    ]);
    expect(newYork('*/15 * * * *').previousRunAt(at('2026-03-08T07:00:00Z')).toISOString()).toBe('2026-03-08T06:45:00.000Z');
  });

  it('keeps a seconds schedule at 5 real seconds across the gap', () => {
    const cron = newYork('*/5 * * * * *');
    expect(isoList(cron.nextRuns(3, at('2026-03-08T06:59:52Z')))).toEqual([
      '2026-03-08T06:59:55.000Z',
      '2026-03-08T07:00:00.000Z',
      '2026-03-08T07:00:05.000Z',
    ]);
    expect(cron.isDue(at('2026-03-08T07:00:00Z'))).toBe(true);
  });
});

describe('DST in America/New_York: fall-back on 2026-11-01 (02:00 EDT -> 01:00 EST)', () => {
  it('runs a fixed time in the repeated hour once, at its first (EDT) occurrence', () => {
    expect(isoList(newYork('30 1 * * *').nextRuns(3, at('2026-10-31T12:00:00Z')))).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
      '2026-11-03T06:30:00.000Z',
    ]);
  });

  it('does not run the fixed time again at 01:30 EST', () => {
    const cron = newYork('30 1 * * *');
    expect(cron.nextRunAt(at('2026-11-01T05:30:00Z')).toISOString()).toBe('2026-11-02T06:30:00.000Z');
    expect(cron.nextRunAt(at('2026-11-01T06:10:00Z')).toISOString()).toBe('2026-11-02T06:30:00.000Z');
    expect(cron.isDue(at('2026-11-01T05:30:00Z'))).toBe(true);
    expect(cron.isDue(at('2026-11-01T06:30:00Z'))).toBe(false);
  });

  it('finds the EDT occurrence with previousRunAt from inside the repeated hour', () => {
    const cron = newYork('30 1 * * *');
    expect(cron.previousRunAt(at('2026-11-01T06:45:00Z')).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(cron.previousRunAt(at('2026-11-01T06:10:00Z')).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(cron.previousRunAt(at('2026-11-02T00:00:00Z')).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(newYork('50 1 * * *').previousRunAt(at('2026-11-01T06:20:00Z')).toISOString()).toBe('2026-11-01T05:50:00.000Z');
  });

  it('runs hourly 25 times on the 25-hour day: 01:00 EDT and 01:00 EST both run', () => {
    const slots = slotsBetween(newYork('0 * * * *'), '2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z');
    expect(slots).toHaveLength(25);
    expect(slots.slice(0, 4)).toEqual([
      '2026-11-01T04:00:00.000Z',
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T06:00:00.000Z',
      '2026-11-01T07:00:00.000Z',
    ]);
    expect(slotsBackwards(newYork('0 * * * *'), '2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z')).toEqual(slots);
  });

  it('reaches 01:00 EST from 01:30 EDT although its wall time is earlier', () => {
    expect(newYork('0 * * * *').nextRunAt(at('2026-11-01T05:30:00Z')).toISOString()).toBe('2026-11-01T06:00:00.000Z');
    expect(newYork('0 * * * *').isDue(at('2026-11-01T06:00:00Z'))).toBe(true);
  });

  it('reaches 01:30 EDT from 01:10 EST with previousRunAt although its wall time is later', () => {
    expect(newYork('30 * * * *').previousRunAt(at('2026-11-01T06:10:00Z')).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('keeps every-15-minutes at 15 real minutes through the repeated hour', () => {
    expect(isoList(newYork('*/15 * * * *').nextRuns(6, at('2026-11-01T05:40:00Z')))).toEqual([
      '2026-11-01T05:45:00.000Z',
      '2026-11-01T06:00:00.000Z',
      '2026-11-01T06:15:00.000Z',
      '2026-11-01T06:30:00.000Z',
      '2026-11-01T06:45:00.000Z',
      '2026-11-01T07:00:00.000Z',
    ]);
  });

  it('keeps a seconds schedule at 5 real seconds through the transition', () => {
    const cron = newYork('*/5 * * * * *');
    expect(isoList(cron.nextRuns(3, at('2026-11-01T05:59:52Z')))).toEqual([
      '2026-11-01T05:59:55.000Z',
      '2026-11-01T06:00:00.000Z',
      '2026-11-01T06:00:05.000Z',
    ]);
    expect(cron.previousRunAt(at('2026-11-01T06:00:00Z')).toISOString()).toBe('2026-11-01T05:59:55.000Z');
    expect(cron.isDue(at('2026-11-01T06:00:00.400Z'))).toBe(true);
  });
});

describe('DST in Europe/London: 2026-03-29 (01:00 GMT -> 02:00 BST) and 2026-10-25 (02:00 BST -> 01:00 GMT)', () => {
  it('runs a fixed time inside the spring gap once at 02:00 BST', () => {
    const cron = london('30 1 * * *');
    expect(isoList(cron.nextRuns(3, at('2026-03-28T00:00:00Z')))).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
    expect(cron.previousRunAt(at('2026-03-30T00:30:00Z')).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(cron.isDue(at('2026-03-29T01:00:00Z'))).toBe(true);
    expect(cron.isDue(at('2026-03-29T01:30:00Z'))).toBe(false);
  });

  it('runs a fixed time in the repeated autumn hour once, at its BST occurrence', () => {
    const cron = london('30 1 * * *');
    expect(isoList(cron.nextRuns(3, at('2026-10-24T12:00:00Z')))).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
      '2026-10-27T01:30:00.000Z',
    ]);
    expect(cron.previousRunAt(at('2026-10-25T01:45:00Z')).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(cron.isDue(at('2026-10-25T01:30:00Z'))).toBe(false);
  });

  it('runs hourly 23 times on the spring day and 25 times on the autumn day', () => {
    expect(slotsBetween(london('0 * * * *'), '2026-03-29T00:00:00Z', '2026-03-29T23:00:00Z')).toHaveLength(23);
    const autumn = slotsBetween(london('0 * * * *'), '2026-10-24T23:00:00Z', '2026-10-26T00:00:00Z');
    expect(autumn).toHaveLength(25);
    expect(autumn.slice(1, 4)).toEqual(['2026-10-25T00:00:00.000Z', '2026-10-25T01:00:00.000Z', '2026-10-25T02:00:00.000Z']);
  });
});

describe('DST policy agrees across nextRunAt, previousRunAt and isDue (brute-force oracle)', () => {
  // Six hours around each transition, starting before local midnight so hours 0-3 are all covered.
  const windows = [
    { zone: 'America/New_York', from: '2026-03-08T04:00:00Z', to: '2026-03-08T10:00:00Z' },
    { zone: 'America/New_York', from: '2026-11-01T03:00:00Z', to: '2026-11-01T09:00:00Z' },
    { zone: 'Europe/London', from: '2026-03-28T22:00:00Z', to: '2026-03-29T04:00:00Z' },
    { zone: 'Europe/London', from: '2026-10-24T22:00:00Z', to: '2026-10-25T04:00:00Z' },
    // Lord Howe shifts by 30 minutes, which catches code that assumes one-hour changes.
    { zone: 'Australia/Lord_Howe', from: '2026-04-04T12:00:00Z', to: '2026-04-04T18:00:00Z' },
    { zone: 'Australia/Lord_Howe', from: '2026-10-03T12:30:00Z', to: '2026-10-03T18:30:00Z' },
  ];
  const expressions = [
    '30 2 * * *',
    '30 1 * * *',
    '59 1 * * *',
    '0 2,3 * * *',
    '15,45 1,2 * * *',
    '* 1 * * *',
    '0 0-3 * * *',
    '0 * * * *',
    '30 * * * *',
    '*/15 * * * *',
    '*/7 * * * *',
    '0 */2 * * *',
    '0 1-23/2 * * *',
  ];

  for (const { zone, from, to } of windows) {
    it.each(expressions)(`matches the oracle for %j in ${zone} from ${from}`, (expression) => {
      const cron = CronExpression.parse(expression, { timezone: zone });
      const expected = oracleSlots(expression, zone, Date.parse(from), Date.parse(to));
      expect(slotsBetween(cron, from, to)).toEqual(expected);
      expect(slotsBackwards(cron, from, to)).toEqual(expected);
      const due: string[] = [];
      for (let minute = Date.parse(from); minute < Date.parse(to); minute += 60_000) {
        if (cron.isDue(new Date(minute + 30_000))) due.push(new Date(minute).toISOString());
      }
      expect(due).toEqual(expected);
      // From arbitrary instants (not only from slots): every 7 minutes, 20 seconds past the minute.
      for (let instant = Date.parse(from) + 20_000; instant < Date.parse(to); instant += 7 * 60_000) {
        const label = new Date(instant).toISOString();
        const next = expected.find((slot) => Date.parse(slot) > instant);
        const previous = expected.filter((slot) => Date.parse(slot) < instant).pop();
        if (next) expect(cron.nextRunAt(new Date(instant)).toISOString(), `nextRunAt(${label})`).toBe(next);
        if (previous) expect(cron.previousRunAt(new Date(instant)).toISOString(), `previousRunAt(${label})`).toBe(previous);
      }
    });
  }
});

/**
 * The DST policy spelled out minute by minute, independent of CronExpression and cron-parser: a
 * matching wall time is a slot at its first instant (every instant when the hour field repeats),
 * and a fixed-hour wall time swallowed by a gap is a slot at the gap's end.
 */
function oracleSlots(expression: string, zone: string, from: number, to: number): string[] {
  const [minutes, hours, days, months, weekdays] = expression.split(' ').map((field, index) => expand(field, [59, 23, 31, 12, 6][index]!));
  const followsElapsedTime = /[*/]/.test(expression.split(' ')[1]!);
  const formatter = new Intl.DateTimeFormat('sv-SE', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const wallOf = (instant: number): number => Date.parse(`${formatter.format(instant).replace(' ', 'T')}Z`);
  const matches = (wall: number): boolean => {
    const date = new Date(wall);
    return (
      minutes!.has(date.getUTCMinutes()) &&
      hours!.has(date.getUTCHours()) &&
      days!.has(date.getUTCDate()) &&
      months!.has(date.getUTCMonth() + 1) &&
      weekdays!.has(date.getUTCDay())
    );
  };
  const slots: string[] = [];
  for (let instant = from; instant < to; instant += 60_000) {
    const wall = wallOf(instant);
    const repeatedEarlier = [HOUR / 2, HOUR, 2 * HOUR].some((shift) => wallOf(instant - shift) === wall);
    let isSlot = matches(wall) && (followsElapsedTime || !repeatedEarlier);
    const wallBefore = wallOf(instant - 60_000) + 60_000;
    if (!isSlot && !followsElapsedTime && wallBefore < wall) {
      for (let skipped = wallBefore; skipped < wall; skipped += 60_000) isSlot ||= matches(skipped);
    }
    if (isSlot) slots.push(new Date(instant).toISOString());
  }
  return slots;
}

/** Expands the simple field forms the oracle needs: `*`, `*\/n`, `a`, `a-b`, `a-b/n`, lists. */
function expand(field: string, max: number): Set<number> {
  const values = new Set<number>();
  for (const item of field.split(',')) {
    const [range = '', step = '1'] = item.split('/');
    const [low, high] = range === '*' ? [0, max] : range.includes('-') ? range.split('-').map(Number) : [Number(range), Number(range)];
    for (let value = low!; value <= high!; value += Number(step)) values.add(value);
  }
  return values;
}
