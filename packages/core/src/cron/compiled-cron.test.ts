import { describe, expect, it } from 'vitest';
import { CompiledCron } from './compiled-cron.js';
import { parseCronFields } from './cron-fields.js';
import { WallClockCron } from './wall-clock-cron.js';

const wall = (text: string): number => Date.parse(`${text}Z`);
const text = (time: number): string => new Date(time).toISOString().replace('.000Z', '');
const compile = (expression: string): CompiledCron => CompiledCron.compile(parseCronFields(expression).parserText);
const reference = (expression: string): WallClockCron => new WallClockCron(parseCronFields(expression).parserText);

/** The next `count` matches after `from`, as wall-clock text. */
function nextMatches(cron: CompiledCron, from: string, count: number): string[] {
  const matches: string[] = [];
  for (let time = wall(from); matches.length < count; ) matches.push(text((time = cron.nextAfter(time))));
  return matches;
}

describe('CompiledCron day rules (as cron-parser applies them)', () => {
  it('matches either day field when both are restricted', () => {
    expect(nextMatches(compile('0 0 13 * 5'), '2026-02-01T00:00:00', 4)).toEqual([
      '2026-02-06T00:00:00',
      '2026-02-13T00:00:00',
      '2026-02-20T00:00:00',
      '2026-02-27T00:00:00',
    ]);
    // In January 2026 the 13th is a Tuesday.
    expect(nextMatches(compile('0 0 13 * 5'), '2026-01-01T00:00:00', 4)).toEqual([
      '2026-01-02T00:00:00',
      '2026-01-09T00:00:00',
      '2026-01-13T00:00:00',
      '2026-01-16T00:00:00',
    ]);
  });

  it('treats only a literal * as unrestricted, so "*/1" or "1-31" with a weekday matches every day', () => {
    for (const days of ['*/1', '1-31']) {
      expect(nextMatches(compile(`0 0 ${days} * 1`), '2026-02-01T00:00:00', 2)).toEqual(['2026-02-02T00:00:00', '2026-02-03T00:00:00']);
    }
    expect(nextMatches(compile('0 0 * * 1'), '2026-02-01T00:00:00', 2)).toEqual(['2026-02-02T00:00:00', '2026-02-09T00:00:00']);
  });

  it('reads 7 as Sunday, alone and at the end of a range or step', () => {
    expect(nextMatches(compile('0 0 * * 7'), '2026-02-01T00:00:00', 1)).toEqual(['2026-02-08T00:00:00']);
    expect(nextMatches(compile('0 0 * * 5-7'), '2026-02-05T00:00:00', 3)).toEqual(['2026-02-06T00:00:00', '2026-02-07T00:00:00', '2026-02-08T00:00:00']);
    // 1-7/2 reaches 7, so Sunday matches; 2-7/2 stops at 6, so it does not.
    expect(nextMatches(compile('0 0 * * 1-7/2'), '2026-02-06T00:00:00', 2)).toEqual(['2026-02-08T00:00:00', '2026-02-09T00:00:00']);
    expect(nextMatches(compile('0 0 * * 2-7/2'), '2026-02-06T00:00:00', 2)).toEqual(['2026-02-07T00:00:00', '2026-02-10T00:00:00']);
  });

  it('finds the last day of each month, February of leap years included', () => {
    expect(nextMatches(compile('0 0 L * *'), '2028-01-15T00:00:00', 3)).toEqual(['2028-01-31T00:00:00', '2028-02-29T00:00:00', '2028-03-31T00:00:00']);
    expect(nextMatches(compile('0 0 15,L * *'), '2026-02-01T00:00:00', 3)).toEqual(['2026-02-15T00:00:00', '2026-02-28T00:00:00', '2026-03-15T00:00:00']);
  });

  it('finds the last given weekday and the nth weekday, skipping months without a fifth one', () => {
    expect(nextMatches(compile('0 0 * * 5L'), '2026-01-01T00:00:00', 2)).toEqual(['2026-01-30T00:00:00', '2026-02-27T00:00:00']);
    expect(nextMatches(compile('0 0 * * MON#5'), '2026-01-01T00:00:00', 3)).toEqual(['2026-03-30T00:00:00', '2026-06-29T00:00:00', '2026-08-31T00:00:00']);
  });

  it('skips the non-leap century year 2100 for February 29', () => {
    expect(nextMatches(compile('0 0 29 2 *'), '2096-03-01T00:00:00', 1)).toEqual(['2104-02-29T00:00:00']);
    expect(text(compile('0 0 29 2 *').previousBefore(wall('2104-02-29T00:00:00')))).toBe('2096-02-29T00:00:00');
  });
});

describe('CompiledCron search', () => {
  it('returns strictly later and strictly earlier whole seconds', () => {
    const everySecond = compile('* * * * * *');
    expect(text(everySecond.nextAfter(wall('2026-01-01T10:00:00')))).toBe('2026-01-01T10:00:01');
    expect(text(everySecond.nextAfter(wall('2026-01-01T10:00:00.001')))).toBe('2026-01-01T10:00:01');
    expect(text(everySecond.previousBefore(wall('2026-01-01T10:00:00')))).toBe('2026-01-01T09:59:59');
    expect(text(everySecond.previousBefore(wall('2026-01-01T10:00:00.001')))).toBe('2026-01-01T10:00:00');
  });

  it('carries and borrows across minute, hour, day, month and year boundaries', () => {
    const cron = compile('30 59 23 31 12 *');
    expect(text(cron.nextAfter(wall('2026-12-31T23:59:30')))).toBe('2027-12-31T23:59:30');
    expect(text(cron.previousBefore(wall('2026-12-31T23:59:30')))).toBe('2025-12-31T23:59:30');
    expect(text(compile('*/15 * * * * *').nextAfter(wall('2026-12-31T23:59:45')))).toBe('2027-01-01T00:00:00');
    expect(text(compile('0 0 1 1 *').previousBefore(wall('2026-01-01T00:00:00')))).toBe('2025-01-01T00:00:00');
  });

  it('finds seconds in both halves of the 60-value fields', () => {
    const cron = compile('5,29,30,59 * * * * *');
    expect(nextMatches(cron, '2026-01-01T00:00:00', 5)).toEqual([
      '2026-01-01T00:00:05',
      '2026-01-01T00:00:29',
      '2026-01-01T00:00:30',
      '2026-01-01T00:00:59',
      '2026-01-01T00:01:05',
    ]);
    expect(text(cron.previousBefore(wall('2026-01-01T00:01:05')))).toBe('2026-01-01T00:00:59');
    expect(text(cron.previousBefore(wall('2026-01-01T00:00:30')))).toBe('2026-01-01T00:00:29');
  });

  it('counts calendar days exactly far from 1970, where Date.UTC would misread years 0-99', () => {
    const everySecond = compile('* * * * * *');
    const random = seededRandom(7);
    for (let index = 0; index < 2000; index++) {
      const time = Math.floor((random() * 2 - 1) * 400 * 365.25 * 86_400_000 * 10);
      expect(everySecond.nextAfter(time)).toBe(Math.floor(time / 1000) * 1000 + 1000);
      expect(everySecond.previousBefore(time)).toBe(Math.ceil(time / 1000) * 1000 - 1000);
    }
    const year50 = new Date(0);
    year50.setUTCFullYear(50, 2, 1);
    expect(compile('0 0 L 2 *').previousBefore(year50.getTime())).toBe(year50.getTime() - 86_400_000);
  });
});

describe('CompiledCron against cron-parser on wall-clock times', () => {
  const patterns = [
    '*/7 * * * *',
    '0 9 * * MON-FRI',
    '15 2,14 1,15 * *',
    '0 0 L * 5',
    '0 12 * * 1#3',
    '0 0 * 2,11 0#5',
    '10-40/15 */5 9-17 ? JAN,JUL *',
    '0 0 29 2 1',
    '0 0 * * 6L',
    '*/20 30 4 * * 0',
  ];

  it.each(patterns)('returns what cron-parser returns for %j from random wall-clock times', (expression) => {
    const compiled = compile(expression);
    const iterator = reference(expression);
    const random = seededRandom(expression.length * 7919);
    for (let index = 0; index < 40; index++) {
      const time = Date.UTC(1990, 0, 1) + Math.floor(random() * 70 * 365.25 * 86_400_000);
      expect(text(compiled.nextAfter(time)), `nextAfter(${text(time)})`).toBe(text(iterator.nextAfter(time)));
      expect(text(compiled.previousBefore(time)), `previousBefore(${text(time)})`).toBe(text(iterator.previousBefore(time)));
    }
  });

  it('rejects what cron-parser rejects when expanding fields', () => {
    // Overlapping list items reach cron-parser merged by parseCronFields; raw, cron-parser refuses them.
    expect(() => CompiledCron.compile('1,1 * * * *')).toThrow('duplicate values found: 1');
    expect(() => CompiledCron.compile('0 0 * * 0,7')).toThrow('duplicate values found: 0');
    expect(() => compile('0 0 30 2 *')).toThrow('Invalid explicit day of month definition');
  });
});

/** Mulberry32: a tiny deterministic generator so a failure can be reproduced. */
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
