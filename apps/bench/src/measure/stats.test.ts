import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './stats.js';

describe('summarize', () => {
  it('takes the middle sample as the median of an odd count and nearest-rank p99', () => {
    const samples = Array.from({ length: 101 }, (_, index) => 100 - index);
    expect(summarize(samples)).toMatchObject({ count: 101, median: 50, p99: 99, min: 0, max: 100 });
  });

  it('averages the two middle samples for the median of an even count', () => {
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
  });

  it('equals the maximum for p99 below one hundred samples', () => {
    expect(summarize([1, 2, 3, 40]).p99).toBe(40);
  });

  it('ignores non-finite samples and reports NaN for an empty set', () => {
    expect(summarize([Number.NaN, 5, Number.POSITIVE_INFINITY]).count).toBe(1);
    expect(Number.isNaN(summarize([]).median)).toBe(true);
  });
});

describe('percentile', () => {
  it('returns the sample at the nearest rank', () => {
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 75)).toBe(30);
    expect(percentile([10, 20, 30, 40], 100)).toBe(40);
  });
});
