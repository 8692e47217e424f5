import { describe, expect, it } from 'vitest';
import { InvalidTimezoneError } from '../errors/invalid-timezone-error.js';
import { assertTimezone } from './timezone.js';

describe('assertTimezone', () => {
  it.each(['UTC', 'Europe/London', 'America/New_York', 'Asia/Kathmandu', 'Etc/GMT+5'])('returns the known zone %s unchanged', (zone) => {
    expect(assertTimezone(zone)).toBe(zone);
  });

  it.each(['Mars/Olympus', 'Europe/Londres', '', '   ', 'UTC+25'])('throws InvalidTimezoneError for %j', (zone) => {
    expect(() => assertTimezone(zone)).toThrow(InvalidTimezoneError);
    expect(() => assertTimezone(zone)).toThrow(`Timezone: "${zone}" is not a known IANA timezone`);
  });

  it('names the task in the message when one is given', () => {
    expect(() => assertTimezone('Nowhere/City', 'backup')).toThrow('Timezone: "Nowhere/City" is not a known IANA timezone (task "backup")');
  });

  it('rejects a non-string value with a typed error', () => {
    expect(() => assertTimezone(42 as unknown as string)).toThrow('Timezone: "42" is not a known IANA timezone');
  });

  it('gives the same answer when asked twice (cached)', () => {
    expect(() => assertTimezone('Not/AZone')).toThrow(InvalidTimezoneError);
    expect(() => assertTimezone('Not/AZone')).toThrow(InvalidTimezoneError);
    expect(assertTimezone('Europe/Paris')).toBe('Europe/Paris');
    expect(assertTimezone('Europe/Paris')).toBe('Europe/Paris');
  });
});
