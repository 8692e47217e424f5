import { describe, expect, it } from 'vitest';
import { idleInstants, minuteBoundaries, timedSeries } from './pulse-instants.js';

describe('idleInstants', () => {
  it('opens the gap at the next multiple of five seconds and spreads strictly increasing pulses inside it', () => {
    const { catchUp, pulses } = idleInstants(Date.UTC(2026, 0, 1, 0, 0, 3), 400);
    expect(catchUp).toBe(Date.UTC(2026, 0, 1, 0, 0, 5));
    expect(pulses).toHaveLength(400);
    for (let index = 1; index < pulses.length; index++) expect(pulses[index]).toBeGreaterThan(pulses[index - 1]!);
  });

  it('moves to the next gap when the start is itself a multiple of five seconds', () => {
    expect(idleInstants(Date.UTC(2026, 0, 1, 0, 0, 5), 1).catchUp).toBe(Date.UTC(2026, 0, 1, 0, 0, 10));
  });
});

describe('minuteBoundaries', () => {
  it('lists consecutive minutes from the top of the hour', () => {
    const hour = Date.UTC(2026, 0, 1, 3);
    expect(minuteBoundaries(hour, 3)).toEqual([hour, hour + 60_000, hour + 120_000]);
  });
});

describe('timedSeries', () => {
  it('stops once the budget is used but never before two pulses', () => {
    const seen: number[] = [];
    timedSeries([1, 2, 3, 4], -1, (at) => seen.push(at));
    expect(seen).toEqual([1, 2]);
  });

  it('runs every instant within the budget', () => {
    const seen: number[] = [];
    timedSeries([1, 2, 3], 60_000, (at) => seen.push(at));
    expect(seen).toEqual([1, 2, 3]);
  });
});
