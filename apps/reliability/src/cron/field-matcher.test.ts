import { describe, expect, it } from 'vitest';
import { fieldMatcher } from './field-matcher.js';

const at = (iso: string) => Date.parse(`${iso}Z`);

describe('fieldMatcher', () => {
  it('reads names, ranges, steps from a start and 7 as Sunday', () => {
    const matcher = fieldMatcher('10/20 2-4 * JAN-mar sun,7');
    expect(matcher.matches(at('2026-01-04T03:30:00'))).toBe(true); // Sunday, minute 30 = 10 + 20
    expect(matcher.matches(at('2026-01-04T03:20:00'))).toBe(false);
    expect(matcher.matches(at('2026-04-05T03:30:00'))).toBe(false); // April
  });

  it('combines a restricted day of month and day of week with OR', () => {
    const matcher = fieldMatcher('0 0 13 * FRI');
    expect(matcher.dayMatches(at('2026-01-13T00:00:00'))).toBe(true); // Tuesday the 13th
    expect(matcher.dayMatches(at('2026-01-16T00:00:00'))).toBe(true); // Friday
    expect(matcher.dayMatches(at('2026-01-14T00:00:00'))).toBe(false);
  });

  it('understands L, <weekday>L and <weekday>#<n>', () => {
    expect(fieldMatcher('0 0 L * *').dayMatches(at('2028-02-29T00:00:00'))).toBe(true);
    expect(fieldMatcher('0 0 * * 5L').dayMatches(at('2026-01-30T00:00:00'))).toBe(true);
    expect(fieldMatcher('0 0 * * 5L').dayMatches(at('2026-01-23T00:00:00'))).toBe(false);
    expect(fieldMatcher('0 0 * * MON#2').dayMatches(at('2026-01-12T00:00:00'))).toBe(true);
    expect(fieldMatcher('0 0 * * MON#2').dayMatches(at('2026-01-05T00:00:00'))).toBe(false);
  });

  it('reads a weekday range ending on SUN as ending on 0', () => {
    const matcher = fieldMatcher('* * * * 0-SUN');
    expect(matcher.dayMatches(at('2026-01-04T00:00:00'))).toBe(true);
    expect(matcher.dayMatches(at('2026-01-05T00:00:00'))).toBe(false);
  });
});
