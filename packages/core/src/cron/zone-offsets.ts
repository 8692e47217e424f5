import { assertTimezone } from './timezone.js';

const SECOND_MS = 1000;
const DAY_MS = 86_400_000;
// Offsets are cached per UTC day: every evaluation asks about a few instants a day apart, and
// formatToParts costs several microseconds. Real zones never change offset twice within a day (the
// closest modern changes, Morocco's around Ramadan, are weeks apart), so a day holds at most one
// transition, located to the second once and then answered without Intl.
const MAX_CACHED_DAYS = 4096;

/** A UTC day whose offset changes once, at `at`. */
interface DayWithTransition {
  readonly at: number;
  readonly before: number;
  readonly after: number;
}

// One instance per zone: formatters are expensive to build and cheap to reuse.
const instances = new Map<string, ZoneOffsets>();

/**
 * Converts between UTC instants and the wall-clock times of one IANA zone, including DST gaps
 * (wall times that never happen) and overlaps (wall times that happen twice).
 *
 * Wall-clock times are encoded as milliseconds "as if UTC": `Date.UTC(year, month - 1, day, hour, minute, second)`.
 */
export class ZoneOffsets {
  /** The IANA zone name. */
  readonly timezone: string;
  private readonly formatter: Intl.DateTimeFormat;
  private readonly fixedOffset: number | null;
  // A number when the offset holds all day.
  private readonly dayOffsets = new Map<number, number | DayWithTransition>();

  private constructor(timezone: string) {
    this.timezone = timezone;
    this.formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    const resolved = this.formatter.resolvedOptions().timeZone;
    // UTC and Etc/GMT±N never change offset; skipping Intl for them keeps the common case cheap.
    this.fixedOffset = resolved === 'UTC' || resolved.startsWith('Etc/') ? this.computeOffset(0) : null;
  }

  /** Returns the shared converter for `timezone`, throwing `InvalidTimezoneError` for unknown zones. */
  static for(timezone: string): ZoneOffsets {
    let zone = instances.get(timezone);
    if (!zone) {
      zone = new ZoneOffsets(assertTimezone(timezone));
      instances.set(timezone, zone);
    }
    return zone;
  }

  /** Milliseconds to add to the UTC instant to get the zone's wall-clock time at that instant. */
  offsetAt(instant: number): number {
    if (this.fixedOffset !== null) return this.fixedOffset;
    const day = Math.floor(instant / DAY_MS);
    const known = this.dayOffsets.get(day) ?? this.loadDay(day);
    if (typeof known === 'number') return known;
    return instant < known.at ? known.before : known.after;
  }

  /** The wall-clock time (encoded as UTC milliseconds) shown in the zone at `instant`. */
  wallTimeAt(instant: number): number {
    return instant + this.offsetAt(instant);
  }

  /** The instants showing wall-clock time `wall`, ascending: none in a spring-forward gap, two in a fall-back overlap. */
  instantsAt(wall: number): number[] {
    if (this.fixedOffset !== null) return [wall - this.fixedOffset];
    // Same approach as Temporal's GetPossibleInstantsFor: the offsets a day either side are the only candidates.
    const before = this.offsetAt(wall - DAY_MS);
    const after = this.offsetAt(wall + DAY_MS);
    const candidates = before === after ? [wall - before] : [wall - before, wall - after].sort((a, b) => a - b);
    return candidates.filter((instant) => this.wallTimeAt(instant) === wall);
  }

  /** The first instant after the spring-forward gap that swallows wall-clock time `wall`. */
  gapEndAt(wall: number): number {
    const before = this.offsetAt(wall - DAY_MS);
    const after = this.offsetAt(wall + DAY_MS);
    return this.transitionBetween(wall - Math.max(before, after), wall - Math.min(before, after));
  }

  /**
   * The first whole-second instant in `(from, to]` whose offset differs from the offset at `from`;
   * assumes exactly one transition in that window (real zones are months apart).
   */
  transitionBetween(from: number, to: number): number {
    const offsetBefore = this.offsetAt(from);
    let low = Math.floor(from / SECOND_MS);
    let high = Math.ceil(to / SECOND_MS);
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (this.offsetAt(middle * SECOND_MS) === offsetBefore) low = middle;
      else high = middle;
    }
    return high * SECOND_MS;
  }

  private loadDay(day: number): number | DayWithTransition {
    const start = day * DAY_MS;
    const last = start + DAY_MS - SECOND_MS;
    const before = this.computeOffset(start);
    const after = this.computeOffset(last);
    let known: number | DayWithTransition = before;
    if (before !== after) {
      // Offsets change on whole seconds: find the first second of the day showing the later offset.
      let low = start / SECOND_MS;
      let high = last / SECOND_MS;
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (this.computeOffset(middle * SECOND_MS) === before) low = middle;
        else high = middle;
      }
      known = { at: high * SECOND_MS, before, after };
    }
    if (this.dayOffsets.size >= MAX_CACHED_DAYS) this.dayOffsets.clear();
    this.dayOffsets.set(day, known);
    return known;
  }

  private computeOffset(instant: number): number {
    const parts = this.formatter.formatToParts(instant);
    const field = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((part) => part.type === type)?.value);
    const date = new Date(0);
    // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
    date.setUTCFullYear(field('year'), field('month') - 1, field('day'));
    date.setUTCHours(field('hour'), field('minute'), field('second'));
    const wholeSecond = Math.floor(instant / SECOND_MS) * SECOND_MS;
    return date.getTime() - wholeSecond;
  }
}
