import { InvalidTimezoneError } from '../errors/invalid-timezone-error.js';

// Constructing an Intl.DateTimeFormat costs tens of microseconds; tasks share a handful of zones,
// so each name is checked once per process.
const knownZones = new Map<string, boolean>();

/**
 * Returns `timezone` unchanged when it is a known IANA zone name, else throws `InvalidTimezoneError`.
 *
 * @example
 * assertTimezone('Europe/London'); // 'Europe/London'
 */
export function assertTimezone(timezone: string, taskId?: string): string {
  if (typeof timezone !== 'string' || timezone.trim() === '') throw new InvalidTimezoneError(timezone, taskId);
  let isKnown = knownZones.get(timezone);
  if (isKnown === undefined) {
    try {
      new Intl.DateTimeFormat(undefined, { timeZone: timezone });
      isKnown = true;
    } catch {
      isKnown = false;
    }
    knownZones.set(timezone, isKnown);
  }
  if (!isKnown) throw new InvalidTimezoneError(timezone, taskId);
  return timezone;
}
