import { InvalidTaskError } from '../errors/invalid-task-error.js';
import { quote } from '../errors/scheduler-error.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

/** A duration: milliseconds as a number, or text such as `'500ms'`, `'10s'`, `'10m'`, `'1h30m'`, `'2d'`. */
export type Duration = number | string;

/**
 * Converts a `Duration` to milliseconds; throws an `InvalidTaskError` quoting the value when it is not
 * a positive, finite duration.
 *
 * @example
 * parseDuration('1h30m'); // 5400000
 */
export function parseDuration(value: Duration, what = 'duration'): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value > 0) return Math.round(value);
  } else if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    let total = 0;
    let consumed = 0;
    for (const match of text.matchAll(PART)) {
      if (match.index !== consumed) break;
      total += Number(match[1]) * UNIT_MS[match[2]!]!;
      consumed += match[0].length;
    }
    if (consumed === text.length && text.length > 0 && total > 0) return Math.round(total);
    if (/^\d+$/.test(text) && Number(text) > 0) return Number(text);
  }
  throw new InvalidTaskError(`Duration: ${what} ${quote(value)} is not a positive duration like 500ms, 10s, 10m, 1h30m or a number of ms`, {
    value,
  });
}
