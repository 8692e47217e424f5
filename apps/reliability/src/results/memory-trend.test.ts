import { describe, expect, it } from 'vitest';
import { memoryTrend } from './memory-trend.js';

const sample = (hour: number, heapUsed: number) => ({ hour, heapUsed, rss: heapUsed * 2, external: 0 });

describe('memoryTrend', () => {
  it('reports a zero slope for flat memory and the growth per hour of a leak, ignoring the warm-up', () => {
    expect(memoryTrend([sample(0, 1), sample(1, 100), sample(2, 100), sample(3, 100)]).heapSlopePerHour).toBe(0);
    const leak = memoryTrend([sample(0, 0), sample(1, 1000), sample(2, 2000), sample(3, 3000)]);
    expect(leak.heapSlopePerHour).toBe(1000);
    expect(leak).toMatchObject({ warm: { hour: 1 }, end: { hour: 3 }, heapPeak: 3000, rssPeak: 6000 });
  });
});
