import { describe, expect, it } from 'vitest';
import { ZoneOffsets } from './zone-offsets.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** The zone's offset read from Intl's "GMT+05:45" text: independent of ZoneOffsets' own formatToParts arithmetic. */
function oracleOffset(zone: string): (instant: number) => number {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
  return (instant) => {
    const name = format.formatToParts(instant).find((part) => part.type === 'timeZoneName')!.value;
    const match = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(name)!;
    if (match[1] === undefined) return 0;
    return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * HOUR + Number(match[3]) * MINUTE);
  };
}

/** Every offset change in [from, to), to the millisecond, found by the oracle alone. */
function oracleTransitions(offset: (instant: number) => number, from: number, to: number): number[] {
  const found: number[] = [];
  for (let instant = from; instant < to; instant += 6 * HOUR) {
    if (offset(instant) === offset(instant + 6 * HOUR)) continue;
    let [low, high] = [instant, instant + 6 * HOUR];
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (offset(middle) === offset(instant)) low = middle;
      else high = middle;
    }
    found.push(high);
  }
  return found;
}

describe('ZoneOffsets day cache', () => {
  const zones = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Africa/Casablanca', 'America/Santiago', 'Pacific/Chatham', 'Antarctica/Troll', 'Asia/Kathmandu'];

  it.each(zones)('answers every instant around each transition of %s in 2023-2031 like Intl', (zone) => {
    const offsets = ZoneOffsets.for(zone);
    const oracle = oracleOffset(zone);
    const transitions = oracleTransitions(oracle, Date.UTC(2023, 0, 1), Date.UTC(2031, 0, 1));
    if (zone !== 'Asia/Kathmandu') expect(transitions.length).toBeGreaterThanOrEqual(8);
    for (const transition of transitions) {
      for (const delta of [-HOUR, -MINUTE, -1000, -1, 0, 1, 999, 1000, MINUTE, HOUR, 12 * HOUR]) {
        const instant = transition + delta;
        expect(offsets.offsetAt(instant), `${zone} at ${new Date(instant).toISOString()}`).toBe(oracle(instant));
      }
    }
  });

  it.each(zones)('answers random instants of 1995-2040 in %s like Intl', (zone) => {
    const offsets = ZoneOffsets.for(zone);
    const oracle = oracleOffset(zone);
    let state = zone.length * 2_654_435_761;
    for (let index = 0; index < 1500; index++) {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      const instant = Date.UTC(1995, 0, 1) + Math.floor((state / 2 ** 32) * 45 * 365.25 * 24 * HOUR);
      expect(offsets.offsetAt(instant), `${zone} at ${new Date(instant).toISOString()}`).toBe(oracle(instant));
    }
  });
});
