/** A pattern of the next-run benchmark. */
export interface NextRunPattern {
  /** Short description. */
  label: string;
  /** 5- or 6-field cron expression. */
  expression: string;
  /** IANA timezone. */
  timezone: string;
}

/** Standard patterns plus the edge cases: leap day, `L`, `#`, seconds, and DST gaps/overlaps. */
export const NEXT_RUN_PATTERNS: readonly NextRunPattern[] = [
  { label: 'every minute', expression: '* * * * *', timezone: 'UTC' },
  { label: 'every 5 seconds', expression: '*/5 * * * * *', timezone: 'UTC' },
  { label: 'daily 02:30', expression: '30 2 * * *', timezone: 'UTC' },
  { label: 'weekdays 09:00', expression: '0 9 * * 1-5', timezone: 'UTC' },
  { label: 'leap day', expression: '0 0 29 2 *', timezone: 'UTC' },
  { label: 'last day of month', expression: '0 0 L * *', timezone: 'UTC' },
  { label: 'second Monday', expression: '0 12 * * 1#2', timezone: 'UTC' },
  { label: '02:30 New York (spring-forward gap)', expression: '30 2 * * *', timezone: 'America/New_York' },
  { label: '01:30 New York (fall-back overlap)', expression: '30 1 * * *', timezone: 'America/New_York' },
  { label: 'hourly Berlin (across DST)', expression: '0 * * * *', timezone: 'Europe/Berlin' },
  { label: 'every 15 min Lord Howe (30-min DST)', expression: '*/15 * * * *', timezone: 'Australia/Lord_Howe' },
  { label: 'every 5 s Sydney', expression: '*/5 * * * * *', timezone: 'Australia/Sydney' },
];

/**
 * Start instants of the cross-check: ordinary days, a leap year, and ten seconds before the DST
 * transitions of 2026 in New York (Mar 8, Nov 1), Berlin (Oct 25), Lord Howe and Sydney (Apr 5).
 */
export const CROSS_CHECK_STARTS: readonly string[] = [
  '2026-01-15T00:00:00.000Z',
  '2026-03-07T12:00:00.000Z',
  '2026-03-08T06:59:50.000Z',
  '2026-04-04T14:59:50.000Z',
  '2026-04-04T15:59:50.000Z',
  '2026-10-24T12:00:00.000Z',
  '2026-10-25T00:59:50.000Z',
  '2026-10-31T12:00:00.000Z',
  '2026-11-01T05:59:50.000Z',
  '2028-02-01T00:00:00.000Z',
];

/** Where throughput chains start (an ordinary instant). */
export const THROUGHPUT_START = '2026-01-15T00:00:00.000Z';
