import type { FieldMatcher } from './field-matcher.js';
import { instantsAtWall, offsetAt, wallTimeAt } from './zone-clock.js';

/** What the brute-force oracle needs to know about an expression. */
export interface PolicyExpression {
  /** Field matcher on wall-clock times (as UTC instants with the same fields). */
  matcher: FieldMatcher;
  /** 1000 with a seconds field, else 60000. */
  resolutionMs: number;
  /** `true` when the hour field is `*` or a step: the schedule follows elapsed time across DST changes. */
  followsElapsedTime: boolean;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
// The widest DST shift in tzdata is 2 h: day skipping stops this far before a wall midnight.
const SKIP_MARGIN = 3 * HOUR;

/**
 * The next slot after `from` under the scheduler's documented DST policy, by brute force over every
 * instant at the expression's resolution (slow, obviously right, independent of the scheduler's code):
 * - slots are instants whose wall time matches;
 * - a fixed-hour schedule runs a wall time repeated by fall-back once (its first occurrence), and a
 *   matching wall time skipped by spring-forward once, at the first instant after the gap;
 * - a `*`/step-hour schedule follows elapsed time: both occurrences of a repeated time run, skipped
 *   times do not.
 * Days whose date cannot match are skipped (up to a margin before their end). Returns `undefined` when
 * no slot lies within `horizonMs`.
 */
export function policyNextRun(expression: PolicyExpression, zone: string, from: number, horizonMs: number): number | undefined {
  const step = expression.resolutionMs;
  const end = from + horizonMs;
  let instant = Math.floor(from / step) * step + step;
  while (instant <= end) {
    const wall = wallTimeAt(zone, instant);
    if (!expression.matcher.dayMatches(wall) && !gapEndsHere(zone, instant, step)) {
      const toMidnight = Math.floor(wall / DAY) * DAY + DAY - wall;
      if (toMidnight > SKIP_MARGIN + step) {
        instant += Math.floor((toMidnight - SKIP_MARGIN) / step) * step;
        continue;
      }
    }
    if (!expression.followsElapsedTime && gapEndsHere(zone, instant, step)) {
      // Spring-forward between the previous step and this one: wall times in the gap never happen.
      for (let skipped = wallTimeAt(zone, instant - step) + step; skipped < wall; skipped += step) {
        if (expression.matcher.matches(skipped)) return instant;
      }
    }
    if (expression.matcher.matches(wall)) {
      if (expression.followsElapsedTime) return instant;
      const occurrences = instantsAtWall(zone, wall);
      if (occurrences[0] === undefined || occurrences[0] >= instant) return instant;
    }
    instant += step;
  }
  return undefined;
}

function gapEndsHere(zone: string, instant: number, step: number): boolean {
  return offsetAt(zone, instant) > offsetAt(zone, instant - step);
}
