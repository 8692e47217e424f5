import { describe, expect, it } from 'vitest';
import { InvalidTimezoneError } from '../errors/invalid-timezone-error.js';
import { ZoneOffsets } from './zone-offsets.js';

const HOUR = 3_600_000;
const wall = (text: string): number => Date.parse(`${text}Z`);
const instant = (iso: string): number => Date.parse(iso);

describe('ZoneOffsets', () => {
  const newYork = ZoneOffsets.for('America/New_York');
  const london = ZoneOffsets.for('Europe/London');

  it('shares one instance per zone and rejects unknown zones with a typed error', () => {
    expect(ZoneOffsets.for('America/New_York')).toBe(newYork);
    expect(() => ZoneOffsets.for('Nowhere/City')).toThrow(InvalidTimezoneError);
  });

  it('reports standard and daylight offsets', () => {
    expect(newYork.offsetAt(instant('2026-01-15T12:00:00Z'))).toBe(-5 * HOUR);
    expect(newYork.offsetAt(instant('2026-07-15T12:00:00Z'))).toBe(-4 * HOUR);
    expect(ZoneOffsets.for('Asia/Kathmandu').offsetAt(instant('2026-07-15T12:00:00Z'))).toBe(5.75 * HOUR);
    expect(ZoneOffsets.for('UTC').offsetAt(instant('2026-07-15T12:00:00Z'))).toBe(0);
  });

  it('keeps milliseconds when converting an instant to wall-clock time', () => {
    expect(newYork.wallTimeAt(instant('2026-01-15T12:00:00.250Z'))).toBe(wall('2026-01-15T07:00:00.250'));
  });

  it('finds no instant for a wall time inside the spring-forward gap', () => {
    expect(newYork.instantsAt(wall('2026-03-08T02:30:00'))).toEqual([]);
    expect(london.instantsAt(wall('2026-03-29T01:30:00'))).toEqual([]);
  });

  it('finds both instants, ascending, for a wall time repeated by fall-back', () => {
    expect(newYork.instantsAt(wall('2026-11-01T01:30:00'))).toEqual([instant('2026-11-01T05:30:00Z'), instant('2026-11-01T06:30:00Z')]);
    expect(london.instantsAt(wall('2026-10-25T01:30:00'))).toEqual([instant('2026-10-25T00:30:00Z'), instant('2026-10-25T01:30:00Z')]);
  });

  it('finds exactly one instant for an ordinary wall time', () => {
    expect(newYork.instantsAt(wall('2026-03-08T03:00:00'))).toEqual([instant('2026-03-08T07:00:00Z')]);
    expect(newYork.instantsAt(wall('2026-11-01T02:00:00'))).toEqual([instant('2026-11-01T07:00:00Z')]);
  });

  it('finds the first instant after a spring-forward gap', () => {
    expect(newYork.gapEndAt(wall('2026-03-08T02:30:00'))).toBe(instant('2026-03-08T07:00:00Z'));
    expect(london.gapEndAt(wall('2026-03-29T01:59:59'))).toBe(instant('2026-03-29T01:00:00Z'));
  });

  it('locates a transition to the second', () => {
    expect(newYork.transitionBetween(instant('2026-11-01T03:00:00Z'), instant('2026-11-01T09:00:00.500Z'))).toBe(instant('2026-11-01T06:00:00Z'));
    expect(london.transitionBetween(instant('2026-03-28T23:59:59.999Z'), instant('2026-03-29T03:00:00Z'))).toBe(instant('2026-03-29T01:00:00Z'));
  });
});
