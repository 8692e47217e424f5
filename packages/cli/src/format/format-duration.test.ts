import { describe, expect, it } from 'vitest';
import { formatAgo, formatCountdown, formatRunDuration, formatSpan } from './format-duration.js';

describe('formatSpan', () => {
  it('uses at most two units, dropping a zero minor unit', () => {
    expect(formatSpan(12_400)).toBe('12 s');
    expect(formatSpan(4 * 60_000 + 12_000)).toBe('4 min 12 s');
    expect(formatSpan(5 * 60_000)).toBe('5 min');
    expect(formatSpan(2 * 3_600_000 + 5 * 60_000 + 59_000)).toBe('2 h 5 min');
    expect(formatSpan(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 4 h');
  });
});

describe('formatCountdown and formatAgo', () => {
  it('say how far away an instant is, with "now" and "just now" under a second', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(formatCountdown(now + 252_000, now)).toBe('in 4 min 12 s');
    expect(formatCountdown(now + 999, now)).toBe('now');
    expect(formatAgo(now - 180_000, now)).toBe('3 min ago');
    expect(formatAgo(now - 500, now)).toBe('just now');
  });
});

describe('formatRunDuration', () => {
  it('shows milliseconds, tenths of seconds, then minutes', () => {
    expect(formatRunDuration(850)).toBe('850 ms');
    expect(formatRunDuration(1_234)).toBe('1.2 s');
    expect(formatRunDuration(252_000)).toBe('4 min 12 s');
  });
});
