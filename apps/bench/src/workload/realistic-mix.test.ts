import { CronExpression } from '@monkeyslegion/scheduler-core';
import { Cron } from 'croner';
import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { idleInstants } from '../subjects/pulse-instants.js';
import { FAMILY_SHARES, realisticMix } from './realistic-mix.js';

describe('realisticMix', () => {
  it('gives the same schedules for the same seed and other ones for another seed', () => {
    expect(realisticMix(500, 1)).toEqual(realisticMix(500, 1));
    expect(realisticMix(500, 2)).not.toEqual(realisticMix(500, 1));
  });

  it('holds exactly the asked count with each family at its share', () => {
    const specs = realisticMix(10_000, 3);
    expect(specs).toHaveLength(10_000);
    for (const family of FAMILY_SHARES.slice(0, -1)) {
      expect(specs.filter((spec) => spec.family === family.family)).toHaveLength(Math.round(10_000 * family.share));
    }
  });

  it('uses only patterns that ours, croner and node-cron all accept, so every subject holds the same schedules', () => {
    for (const spec of realisticMix(2000, 4)) {
      expect(() => CronExpression.parse(spec.expression, { timezone: spec.timezone })).not.toThrow();
      expect(() => new Cron(spec.expression, { timezone: spec.timezone, paused: true })).not.toThrow();
      expect(cron.validate(spec.expression)).toBe(true);
    }
  });

  it('leaves the idle instants between two multiples of five seconds free of any slot', () => {
    const specs = realisticMix(2000, 5);
    const expressions = specs.map((spec) => CronExpression.parse(spec.expression, { timezone: spec.timezone }));
    for (const from of [Date.UTC(2026, 0, 15, 9, 59, 12), Date.UTC(2026, 5, 30, 23, 59, 37, 500)]) {
      const { catchUp, pulses } = idleInstants(from, 50);
      for (const expression of expressions) {
        expect(expression.nextRunAt(new Date(catchUp)).getTime()).toBeGreaterThanOrEqual(catchUp + 5000);
      }
      expect(pulses[0]).toBeGreaterThanOrEqual(catchUp + 1000);
      expect(pulses.at(-1)).toBeLessThan(catchUp + 5000);
    }
  });
});
