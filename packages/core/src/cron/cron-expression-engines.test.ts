import { describe, expect, it } from 'vitest';
import { InvalidCronExpressionError } from '../errors/invalid-cron-expression-error.js';
import { InvalidTimezoneError } from '../errors/invalid-timezone-error.js';
import { Task } from '../task/task.js';
import { CronExpression } from './cron-expression.js';

const at = (iso: string): Date => new Date(iso);

describe('CronExpression sharing', () => {
  it('returns one instance for equal expressions in the same zone, however they are spaced', () => {
    const first = CronExpression.parse('15 4 * * MON', { timezone: 'Europe/Paris' });
    expect(CronExpression.parse('15 4 * * MON', { timezone: 'Europe/Paris' })).toBe(first);
    expect(CronExpression.parse('  15  4 * *\tMON ', { timezone: 'Europe/Paris' })).toBe(first);
  });

  it('keeps instances apart across zones, spellings and seconds fields', () => {
    const paris = CronExpression.parse('15 4 * * MON', { timezone: 'Europe/Paris' });
    expect(CronExpression.parse('15 4 * * MON', { timezone: 'Europe/Berlin' }) === paris).toBe(false);
    expect(CronExpression.parse('15 4 * * 1', { timezone: 'Europe/Paris' }).expression).toBe('15 4 * * 1');
    expect(CronExpression.parse('0 15 4 * * MON', { timezone: 'Europe/Paris' }).hasSeconds).toBe(true);
  });

  it('lets tasks with the same schedule share one parsed expression', () => {
    const task = (id: string): Task => new Task({ id, kind: 'command', command: 'true', expression: '*/5 * * * *', timezone: 'Asia/Tokyo' });
    expect(task('a').cronExpression).toBe(task('b').cronExpression);
  });

  it('still throws typed errors for invalid input every time it is given', () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(() => CronExpression.parse('0 0 30 2 *')).toThrow(InvalidCronExpressionError);
      expect(() => CronExpression.parse('0 0 30 2 *')).toThrow('in "0 0 30 2 *"');
      expect(() => CronExpression.parse('0 * * * *', { timezone: 'Mars/Olympus' })).toThrow(InvalidTimezoneError);
    }
  });

  it('keeps sharing correct after evicting old entries from its bounded cache', () => {
    const first = CronExpression.parse('0 0 1 1 *', { timezone: 'UTC' });
    for (let minute = 0; minute < 60; minute++) {
      for (let hour = 0; hour < 24; hour++) {
        for (const day of [1, 2, 3]) CronExpression.parse(`${minute} ${hour} ${day} * *`, { timezone: 'UTC' });
      }
    }
    const again = CronExpression.parse('0 0 1 1 *', { timezone: 'UTC' });
    // 4,320 newer expressions pushed the first one out: the cache is bounded.
    expect(again === first).toBe(false);
    expect(again.nextRunAt(at('2026-06-01T00:00:00Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(first.nextRunAt(at('2026-06-01T00:00:00Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('CronExpression engines', () => {
  it('gives identical answers with the reference engine, which builds a fresh instance each time', () => {
    const compiled = CronExpression.parse('30 2 * * *', { timezone: 'America/New_York' });
    const reference = CronExpression.parse('30 2 * * *', { timezone: 'America/New_York', engine: 'reference' });
    // Identity checks as booleans: `not.toBe` deep-compares the two objects for its hint, walking luxon internals.
    expect(reference === compiled).toBe(false);
    expect(CronExpression.parse('30 2 * * *', { timezone: 'America/New_York', engine: 'reference' }) === reference).toBe(false);
    const from = at('2026-03-07T12:00:00Z');
    expect(reference.nextRuns(3, from)).toEqual(compiled.nextRuns(3, from));
    expect(reference.previousRunAt(from)).toEqual(compiled.previousRunAt(from));
    expect(compiled.nextRunAt(from).toISOString()).toBe('2026-03-08T07:00:00.000Z');
  });

  it('rejects the same expressions with the same messages in both engines', () => {
    for (const expression of ['0 0 30 2 *', '0 0 31 4 *', '61 * * * *']) {
      const messages = (['compiled', 'reference'] as const).map((engine) => {
        try {
          CronExpression.parse(expression, { engine });
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidCronExpressionError);
          return (error as Error).message;
        }
        throw new Error(`${engine} accepted ${expression}`);
      });
      expect(messages[0]).toBe(messages[1]);
    }
  });
});
