import { InvalidFrequencyError } from '../errors/invalid-frequency-error.js';

/** A wall-clock time of day, as written in `dailyAt('13:05')`. */
export interface TimeOfDay {
  /** 0-23. */
  readonly hour: number;
  /** 0-59. */
  readonly minute: number;
}

const TIME = /^(\d{1,2}):(\d{1,2})$/;

/**
 * Parses `'H:MM'`, `'HH:MM'` (and Laravel's `'0:0'` defaults) for frequency method `method`.
 *
 * Seconds (`'HH:MM:SS'`) are rejected rather than silently dropped: a time-of-day method only sets
 * the minute and hour fields.
 */
export function parseTime(method: string, time: unknown): TimeOfDay {
  if (typeof time === 'string' && /^\d{1,2}:\d{1,2}:\d{1,2}$/.test(time)) {
    throw new InvalidFrequencyError(method, time, 'has seconds, which a time of day cannot set; expected "HH:MM"');
  }
  const match = typeof time === 'string' ? TIME.exec(time) : null;
  if (!match) throw new InvalidFrequencyError(method, time, 'is not a time of day; expected "HH:MM" (e.g. "13:05")');
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour > 23) throw new InvalidFrequencyError(method, time, `has hour ${hour}, expected 0-23`);
  if (minute > 59) throw new InvalidFrequencyError(method, time, `has minute ${minute}, expected 0-59`);
  return { hour, minute };
}

/** Formats a time of day as zero-padded `HH:MM` for messages and filter reasons. */
export function formatTime(time: TimeOfDay): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}
