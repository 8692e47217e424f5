import { ZoneOffsets } from '../cron/zone-offsets.js';
import { InvalidFrequencyError } from '../errors/invalid-frequency-error.js';
import { quote } from '../errors/scheduler-error.js';
import type { FilterContext, TaskFilter } from '../task/task-filter.js';
import { formatTime, type TimeOfDay } from './parse-time.js';

/** A `when()`/`skip()` condition: a fixed answer or a callback asked at each due slot. */
export type FilterCondition = boolean | ((context: FilterContext) => boolean | Promise<boolean>);

const DAY_SECONDS = 86_400;

/**
 * A filter passing when the slot's wall-clock time in `timezone` is inside (`kind: 'between'`) or
 * outside (`kind: 'unlessBetween'`) the inclusive window `start`-`end`; `end < start` wraps past midnight.
 */
export function timeWindowFilter(kind: 'between' | 'unlessBetween', start: TimeOfDay, end: TimeOfDay, timezone: string): TaskFilter {
  const zone = ZoneOffsets.for(timezone);
  const from = (start.hour * 60 + start.minute) * 60;
  const to = (end.hour * 60 + end.minute) * 60;
  const window = `${formatTime(start)}-${formatTime(end)} (${timezone})`;
  const isInside = (context: FilterContext): boolean => {
    const wall = zone.wallTimeAt(context.at.getTime());
    const second = ((Math.floor(wall / 1000) % DAY_SECONDS) + DAY_SECONDS) % DAY_SECONDS;
    // Inclusive at both ends like Laravel's Carbon::between(); a window such as 22:00-02:00 wraps.
    return from <= to ? second >= from && second <= to : second >= from || second <= to;
  };
  return kind === 'between'
    ? { kind, reason: `outside ${window}`, passes: isInside }
    : { kind, reason: `inside ${window}`, passes: (context) => !isInside(context) };
}

/** A filter passing when `condition` is truthy (`when`) or falsy (`skip`). */
export function conditionFilter(kind: 'when' | 'skip', condition: FilterCondition): TaskFilter {
  if (typeof condition !== 'boolean' && typeof condition !== 'function') {
    throw new InvalidFrequencyError(kind, condition, 'is not a boolean or a function');
  }
  const expected = kind === 'when';
  const answer = (context: FilterContext): boolean | Promise<boolean> => {
    if (typeof condition === 'boolean') return condition;
    const result = condition(context);
    return isPromise(result) ? result.then(Boolean) : Boolean(result);
  };
  return {
    kind,
    reason: kind === 'when' ? 'when() returned false' : 'skip() returned true',
    passes(context) {
      const result = answer(context);
      return isPromise(result) ? result.then((value) => value === expected) : result === expected;
    },
  };
}

/** A filter passing when the current environment is one of `names`. */
export function environmentsFilter(names: readonly string[]): TaskFilter {
  const list = `[${names.join(', ')}]`;
  // The environment is fixed for a process, so the last one seen is the one the reason is about.
  let lastSeen: string | undefined;
  return {
    kind: 'environments',
    get reason() {
      return lastSeen === undefined ? `environment not in ${list}` : `environment ${quote(lastSeen)} not in ${list}`;
    },
    passes(context) {
      lastSeen = context.environment;
      return names.includes(context.environment);
    },
  };
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
