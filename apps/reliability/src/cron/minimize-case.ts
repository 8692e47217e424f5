import type { DifferentialCase } from './differential-case.js';
import { cronOf, simplerFields } from './random-cron.js';

const ROUNDINGS = [86_400_000, 3_600_000, 60_000, 1000];

/**
 * Shrinks a failing case to a readable one that still fails: fields become `*`, single list items or
 * drop their step/`L`/`#`; a `0` seconds field is dropped; the start instant is rounded down as far as
 * it can be. Greedy, so the result is small, not necessarily the smallest.
 */
export function minimizeCase(testCase: DifferentialCase, stillFails: (candidate: DifferentialCase) => boolean): DifferentialCase {
  let current = testCase;
  for (let changed = true; changed; ) {
    changed = false;
    const { fields } = current.cron;
    if (fields.length === 6 && fields[0]![0] === '0') {
      const candidate = { ...current, cron: cronOf(fields.slice(1)) };
      if (stillFails(candidate)) {
        current = candidate;
        changed = true;
        continue;
      }
    }
    for (let index = 0; index < fields.length && !changed; index++) {
      for (const simpler of simplerFields(fields[index]!)) {
        const candidate = { ...current, cron: cronOf(fields.map((field, position) => (position === index ? simpler : field))) };
        if (stillFails(candidate)) {
          current = candidate;
          changed = true;
          break;
        }
      }
    }
  }
  for (const unit of ROUNDINGS) {
    const candidate = { ...current, from: Math.floor(current.from / unit) * unit };
    if (candidate.from !== current.from && stillFails(candidate)) current = candidate;
  }
  return current;
}
