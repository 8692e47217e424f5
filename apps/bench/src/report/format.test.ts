import { describe, expect, it } from 'vitest';
import { formatBytes, formatMs, formatRate, formatRatio, medianRange } from './format.js';

describe('format', () => {
  it('picks the readable unit for durations', () => {
    expect(formatMs(0.00042)).toBe('420 ns');
    expect(formatMs(0.25)).toBe('250 µs');
    expect(formatMs(12.345)).toBe('12.3 ms');
    expect(formatMs(6100)).toBe('6.1 s');
    expect(formatMs(null)).toBe('—');
  });

  it('formats bytes, rates and ratios', () => {
    expect(formatBytes(3379)).toBe('3.3 KB');
    expect(formatRate(7512)).toBe('7.51k/s');
    expect(formatRatio(0.456)).toBe('0.456×');
    expect(formatRatio(1234.5)).toBe('1,235×');
  });

  it('shows one run as such and repeated runs with their range', () => {
    expect(medianRange({ count: 1, median: 5, p99: 5, min: 5, max: 5, mean: 5 })).toBe('5 ms (1 run)');
    expect(medianRange({ count: 3, median: 5, p99: 9, min: 4, max: 9, mean: 6 })).toBe('5 ms (4 ms–9 ms, n=3)');
  });
});
