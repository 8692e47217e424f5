import { describe, expect, it } from 'vitest';
import { faultPlan } from './fault-plan.js';

describe('faultPlan', () => {
  it('kills every interval and moves a kill whose locks would expire during the outage to after it', () => {
    const plan = faultPlan({ durationMs: 70_000, killEveryMs: 20_000, redisOutageAtMs: 25_000, redisOutageMs: 10_000, overlapTtlMs: 5000 });
    expect(plan).toEqual([
      { at: 25_000, kind: 'redis-outage', durationMs: 10_000 },
      { at: 43_000, kind: 'kill' },
      { at: 60_000, kind: 'kill' },
    ]);
  });

  it('never plans two kills at the same instant', () => {
    const plan = faultPlan({ durationMs: 60_000, killEveryMs: 10_000, redisOutageAtMs: 25_000, redisOutageMs: 10_000, overlapTtlMs: 5000 });
    expect(plan.filter((event) => event.kind === 'kill').map((event) => event.at)).toEqual([10_000, 43_000, 50_000]);
  });

  it('leaves the last ten seconds free of kills so their effects can be audited', () => {
    const kills = faultPlan({ durationMs: 300_000, killEveryMs: 20_000, redisOutageAtMs: 150_000, redisOutageMs: 10_000, overlapTtlMs: 5000 }).filter((event) => event.kind === 'kill');
    expect(kills.map((event) => event.at)).toEqual([20, 40, 60, 80, 100, 120, 140, 168, 180, 200, 220, 240, 260, 280].map((second) => second * 1000));
  });
});
