import { InvalidCronExpressionError } from '../errors/invalid-cron-expression-error.js';
import { SchedulerError, quote } from '../errors/scheduler-error.js';
import { CompiledCron } from './compiled-cron.js';
import { parseCronFields } from './cron-fields.js';
import { WallClockCron } from './wall-clock-cron.js';
import type { WallClockSchedule } from './wall-clock-schedule.js';
import { ZoneOffsets } from './zone-offsets.js';

/** Options of `CronExpression.parse`. */
export interface CronExpressionOptions {
  /**
   * IANA zone the fields are read in.
   * @default 'UTC'
   */
  timezone?: string;
  /**
   * How fields are matched: `'compiled'` searches bitmasks and shares one instance per expression and
   * zone; `'reference'` walks cron-parser's own iterator on every call (about 100 times slower) and is
   * kept to cross-check the compiled engine. Both give identical results.
   * @default 'compiled'
   */
  engine?: 'compiled' | 'reference';
}

// Widest DST shift in tzdata is 2 h (Antarctica/Troll); 3 h finds any fall-back that can affect a slot.
const MAX_SHIFT_MS = 3 * 3_600_000;
// Far more than any real schedule needs between two slots; stops a runaway loop with a typed error.
const MAX_STEPS = 10_000;
// Probing from here at parse time rejects patterns that can never match before any task uses them.
const PROBE_WALL_TIME = Date.UTC(2000, 0, 1);
// Tasks share a few dozen patterns, so 100,000 tasks hold a few dozen compiled objects. The bounds only
// stop a process that builds endless distinct expressions from growing without limit.
const MAX_CACHED_EXPRESSIONS = 4096;
const MAX_CACHED_PATTERNS = 4096;

// Per zone, then by the text as given and by its normalized text; instances are frozen. Two levels, not
// one concatenated key: a lookup is then ~0.1 µs instead of ~0.8 µs, which matters for 100,000 tasks.
const sharedExpressions = new Map<string, Map<string, CronExpression>>();
let sharedExpressionCount = 0;
// Keyed by cron-parser text: compiled fields do not depend on the timezone.
const sharedPatterns = new Map<string, CompiledCron>();

/**
 * A parsed, immutable cron expression bound to a timezone; the only wrapper around cron-parser.
 *
 * Slots are UTC instants. DST policy: a wall time skipped by spring-forward runs once at the first
 * instant after the gap, and a wall time repeated by fall-back runs once (the first occurrence) -
 * unless the hour field is `*` or a step, in which case the schedule follows elapsed time: hourly
 * runs 23 times on spring-forward day and 25 times on fall-back day (01:00 EDT and 01:00 EST both run).
 *
 * @example
 * const cron = CronExpression.parse('30 2 * * *', { timezone: 'America/New_York' });
 * cron.nextRunAt(new Date('2026-03-07T12:00:00Z')); // 2026-03-08T07:00:00.000Z (03:00 EDT, 02:30 does not exist)
 */
export class CronExpression {
  /** Normalized text: nicknames expanded, whitespace collapsed, the user's tokens otherwise kept. */
  readonly expression: string;
  /** IANA zone the fields are read in. */
  readonly timezone: string;
  /** `true` only for 6-field input (a leading seconds field). */
  readonly hasSeconds: boolean;
  private readonly cron: WallClockSchedule;
  private readonly zone: ZoneOffsets;
  private readonly resolutionMs: number;
  private readonly followsElapsedTime: boolean;

  private constructor(expression: string, timezone: string, cron: WallClockSchedule, hasSeconds: boolean, followsElapsedTime: boolean) {
    this.expression = expression;
    this.timezone = timezone;
    this.hasSeconds = hasSeconds;
    this.cron = cron;
    this.zone = ZoneOffsets.for(timezone);
    this.resolutionMs = hasSeconds ? 1000 : 60_000;
    this.followsElapsedTime = followsElapsedTime;
    Object.freeze(this);
  }

  /**
   * Validates and parses a 5-field (`minute hour day-of-month month day-of-week`) or 6-field (leading
   * seconds) expression or a nickname such as `@daily`; throws `InvalidCronExpressionError` or `InvalidTimezoneError`.
   * Equal expressions in the same zone return one shared (immutable) instance.
   *
   * @example
   * CronExpression.parse('0 9 * * MON-FRI', { timezone: 'Europe/London' }).expression; // '0 9 * * MON-FRI'
   */
  static parse(expression: string, options: CronExpressionOptions = {}): CronExpression {
    const timezone = options.timezone ?? 'UTC';
    if (options.engine === 'reference') return CronExpression.parseWithReferenceEngine(expression, timezone);
    const given = sharedExpressions.get(timezone)?.get(expression);
    if (given !== undefined) return given;
    const fields = parseCronFields(expression);
    let cron = sharedExpressions.get(timezone)?.get(fields.text);
    if (cron === undefined) {
      ZoneOffsets.for(timezone);
      cron = new CronExpression(fields.text, timezone, compiledPattern(fields.parserText, fields.text, expression), fields.hasSeconds, fields.followsElapsedTime);
      share(timezone, fields.text, cron);
    }
    if (expression !== fields.text) share(timezone, expression, cron);
    return cron;
  }

  /** The reference engine: cron-parser's iterator, probed once at parse time, never shared. */
  private static parseWithReferenceEngine(expression: string, timezone: string): CronExpression {
    const fields = parseCronFields(expression);
    ZoneOffsets.for(timezone);
    let cron: WallClockCron;
    try {
      cron = new WallClockCron(fields.parserText);
      cron.nextAfter(PROBE_WALL_TIME);
    } catch (error) {
      throw rejectedByCronParser(fields.text, expression, error);
    }
    return new CronExpression(fields.text, timezone, cron, fields.hasSeconds, fields.followsElapsedTime);
  }

  /** The first slot strictly after `from`. */
  nextRunAt(from: Date): Date {
    const start = instantOf(from, 'nextRunAt');
    let next = this.scanForward(start, this.zone.wallTimeAt(start));
    if (this.followsElapsedTime) {
      // Just before a fall-back, the repeated hour's second occurrences come after `from` even though
      // their wall times are earlier than `from`'s, so the wall-clock scan alone would miss them.
      const ahead = start + MAX_SHIFT_MS;
      const offsetAhead = this.zone.offsetAt(ahead);
      if (offsetAhead < this.zone.offsetAt(start)) {
        const transition = this.zone.transitionBetween(start, ahead);
        next = Math.min(next, this.scanForward(start, transition + offsetAhead - 1));
      }
    }
    return new Date(next);
  }

  /** The last slot strictly before `from`. */
  previousRunAt(from: Date): Date {
    const start = instantOf(from, 'previousRunAt');
    let previous = this.scanBackward(start, this.zone.wallTimeAt(start));
    // Just after a fall-back, first occurrences of the repeated hour precede `from` even though their
    // wall times are later than `from`'s.
    const behind = start - MAX_SHIFT_MS;
    const offsetBehind = this.zone.offsetAt(behind);
    if (offsetBehind > this.zone.offsetAt(start)) {
      const transition = this.zone.transitionBetween(behind, start);
      previous = Math.max(previous, this.scanBackward(start, transition + offsetBehind));
    }
    return new Date(previous);
  }

  /** The next `count` slots after `from`, strictly increasing. */
  nextRuns(count: number, from: Date): Date[] {
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(`CronExpression.nextRuns: count ${quote(count)} must be a whole number >= 0`);
    }
    const runs: Date[] = [];
    let cursor = from;
    for (let index = 0; index < count; index++) {
      cursor = this.nextRunAt(cursor);
      runs.push(cursor);
    }
    return runs;
  }

  /** `true` when `date`, truncated to the expression's resolution (second or minute), is a slot. */
  isDue(date: Date): boolean {
    const instant = instantOf(date, 'isDue');
    const truncated = Math.floor(instant / this.resolutionMs) * this.resolutionMs;
    // Defined through nextRunAt so that isDue can never disagree with the DST policy.
    return this.nextRunAt(new Date(truncated - 1)).getTime() === truncated;
  }

  /** The normalized expression text. */
  toString(): string {
    return this.expression;
  }

  /** First slot after `from`, walking matching wall-clock times upward from `wall`. */
  private scanForward(from: number, wall: number): number {
    for (let step = 0; step < MAX_STEPS; step++) {
      wall = this.step(() => this.cron.nextAfter(wall));
      const instants = this.zone.instantsAt(wall);
      const [first, second] = instants;
      if (first === undefined) {
        const gapEnd = this.zone.gapEndAt(wall);
        const slot = this.ceilToResolution(gapEnd);
        if (!this.followsElapsedTime && slot > from) return slot;
        wall = this.zone.wallTimeAt(gapEnd) - 1;
      } else if (this.followsElapsedTime) {
        const later = instants.find((instant) => instant > from);
        if (later !== undefined) return later;
      } else if (first > from) {
        return first;
      } else if (second !== undefined) {
        // A fixed wall time in the repeated hour already ran at its first occurrence: skip the rest of the hour.
        const transition = this.zone.transitionBetween(first, second);
        wall = Math.max(wall, transition + (wall - first) - 1);
      }
    }
    throw this.runawayError('nextRunAt');
  }

  /** Last slot before `from`, walking matching wall-clock times downward from `wall`. */
  private scanBackward(from: number, wall: number): number {
    for (let step = 0; step < MAX_STEPS; step++) {
      wall = this.step(() => this.cron.previousBefore(wall));
      const instants = this.zone.instantsAt(wall);
      const first = instants[0];
      if (first === undefined) {
        const gapEnd = this.zone.gapEndAt(wall);
        const slot = this.ceilToResolution(gapEnd);
        if (!this.followsElapsedTime && slot < from) return slot;
        wall = this.zone.wallTimeAt(gapEnd - 1) + 1;
      } else if (this.followsElapsedTime) {
        const earlier = instants.filter((instant) => instant < from).pop();
        if (earlier !== undefined) return earlier;
      } else if (first < from) {
        return first;
      }
    }
    throw this.runawayError('previousRunAt');
  }

  private ceilToResolution(instant: number): number {
    return Math.ceil(instant / this.resolutionMs) * this.resolutionMs;
  }

  private step(advance: () => number): number {
    try {
      return advance();
    } catch (error) {
      if (error instanceof SchedulerError) throw error;
      throw new InvalidCronExpressionError(this.expression, `could not be evaluated (${errorMessage(error)})`, {
        value: this.expression,
        cause: error,
      });
    }
  }

  private runawayError(method: string): InvalidCronExpressionError {
    return new InvalidCronExpressionError(this.expression, `found no slot within ${MAX_STEPS} steps in ${method}`, {
      value: this.expression,
    });
  }
}

/** The compiled fields of `parserText`, shared by every zone and expression spelling that uses them. */
function compiledPattern(parserText: string, text: string, expression: string): CompiledCron {
  let pattern = sharedPatterns.get(parserText);
  if (pattern === undefined) {
    try {
      pattern = CompiledCron.compile(parserText);
    } catch (error) {
      throw rejectedByCronParser(text, expression, error);
    }
    remember(sharedPatterns, parserText, pattern, MAX_CACHED_PATTERNS);
  }
  return pattern;
}

/** Remembers `cron` for later parses; starts over when full (holders of forgotten instances keep them). */
function share(timezone: string, expression: string, cron: CronExpression): void {
  if (sharedExpressionCount >= MAX_CACHED_EXPRESSIONS) {
    sharedExpressions.clear();
    sharedExpressionCount = 0;
  }
  let byExpression = sharedExpressions.get(timezone);
  if (byExpression === undefined) sharedExpressions.set(timezone, (byExpression = new Map()));
  if (!byExpression.has(expression)) sharedExpressionCount++;
  byExpression.set(expression, cron);
}

/** Adds to a bounded cache, evicting the oldest entry when full (holders of evicted values keep them). */
function remember<V>(cache: Map<string, V>, key: string, value: V, limit: number): void {
  if (cache.size >= limit) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
}

function rejectedByCronParser(text: string, expression: string, error: unknown): InvalidCronExpressionError {
  return new InvalidCronExpressionError(text, `is rejected by cron-parser (${errorMessage(error)})`, { value: expression, cause: error });
}

function instantOf(date: Date, method: string): number {
  const instant = date instanceof Date ? date.getTime() : Number.NaN;
  if (Number.isNaN(instant)) throw new RangeError(`CronExpression.${method}: ${quote(String(date))} is not a valid Date`);
  return instant;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
