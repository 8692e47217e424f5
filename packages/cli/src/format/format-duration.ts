const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A span in two units at most: `12 s`, `4 min 12 s`, `2 h 5 min`, `3 d 4 h`. */
export function formatSpan(ms: number): string {
  const span = Math.abs(ms);
  if (span < MINUTE) return `${Math.floor(span / SECOND)} s`;
  if (span < HOUR) return pair(Math.floor(span / MINUTE), 'min', Math.floor((span % MINUTE) / SECOND), 's');
  if (span < DAY) return pair(Math.floor(span / HOUR), 'h', Math.floor((span % HOUR) / MINUTE), 'min');
  return pair(Math.floor(span / DAY), 'd', Math.floor((span % DAY) / HOUR), 'h');
}

/** How long until `at`: `in 4 min 12 s`, or `now` when it is less than a second away (or past). */
export function formatCountdown(at: number, now: number): string {
  return at - now < SECOND ? 'now' : `in ${formatSpan(at - now)}`;
}

/** How long ago `at` was: `3 min ago`, `just now` under a second. */
export function formatAgo(at: number, now: number): string {
  return now - at < SECOND ? 'just now' : `${formatSpan(now - at)} ago`;
}

/** A run's duration: `850 ms`, `1.2 s`, `4 min 12 s`. */
export function formatRunDuration(ms: number): string {
  if (ms < SECOND) return `${Math.round(ms)} ms`;
  if (ms < MINUTE) return `${(ms / SECOND).toFixed(1)} s`;
  return formatSpan(ms);
}

function pair(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major} ${majorUnit}` : `${major} ${majorUnit} ${minor} ${minorUnit}`;
}
