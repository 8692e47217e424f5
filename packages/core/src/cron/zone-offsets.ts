import { assertTimezone } from './timezone.js';

const SECOND_MS = 1000;
const DAY_MS = 86_400_000;
// Offsets are cached per 15-minute bucket: every tick asks about the same few instants for every
// task of a zone, and formatToParts costs several microseconds. Real zones never change offset
// twice within 15 minutes, so equal offsets at both ends of a bucket mean the whole bucket shares them.
const BUCKET_MS = 15 * 60_000;
const MAX_CACHED_BUCKETS = 4096;

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
  private readonly bucketOffsets = new Map<number, number>();

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
    const bucket = Math.floor(instant / BUCKET_MS);
    const cached = this.bucketOffsets.get(bucket);
    if (cached !== undefined) return cached;
    const start = this.computeOffset(bucket * BUCKET_MS);
    if (start !== this.computeOffset((bucket + 1) * BUCKET_MS - SECOND_MS)) return this.computeOffset(instant);
    if (this.bucketOffsets.size >= MAX_CACHED_BUCKETS) this.bucketOffsets.clear();
    this.bucketOffsets.set(bucket, start);
    return start;
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
