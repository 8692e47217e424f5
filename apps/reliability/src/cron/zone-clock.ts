/** Wall-clock fields of an instant in a zone. */
export interface WallFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();
const MINUTE = 60_000;

function formatter(zone: string): Intl.DateTimeFormat {
  let found = formatters.get(zone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(zone, found);
  }
  return found;
}

/**
 * The zone's UTC offset (ms) at `instant`, straight from `Intl` (independent of the scheduler's own
 * zone code). Cached per whole minute: every tzdata transition falls on a whole minute.
 */
export function offsetAt(zone: string, instant: number): number {
  const minute = Math.floor(instant / MINUTE) * MINUTE;
  const key = `${zone}\0${minute}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    const parts: Record<string, number> = {};
    for (const part of formatter(zone).formatToParts(new Date(minute))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
    offset = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - minute;
    // Unbounded growth would only come from a runaway caller; a large cap keeps memory sane.
    if (offsetCache.size > 2_000_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

/** The wall-clock time of `instant` in `zone`, as the UTC instant with the same fields. */
export function wallTimeAt(zone: string, instant: number): number {
  return instant + offsetAt(zone, instant);
}

/** The instants (0, 1 or 2) at which `zone` shows the wall time `wall` (given as a UTC instant with the same fields). */
export function instantsAtWall(zone: string, wall: number): number[] {
  const found = new Set<number>();
  // Try every offset in effect within a day around it; only real matches survive.
  for (const probe of [wall - 86_400_000 / 2, wall, wall + 86_400_000 / 2]) {
    for (const offset of [offsetAt(zone, probe - 86_400_000 / 2), offsetAt(zone, probe), offsetAt(zone, probe + 86_400_000 / 2)]) {
      const candidate = wall - offset;
      if (wallTimeAt(zone, candidate) === wall) found.add(candidate);
    }
  }
  return [...found].sort((a, b) => a - b);
}

/** Instants in `[from, to)` where the zone's offset changes, found by daily steps then bisection. */
export function transitionsBetween(zone: string, from: number, to: number): number[] {
  const found: number[] = [];
  const DAY = 86_400_000;
  for (let start = from; start < to; start += DAY) {
    const end = Math.min(start + DAY, to);
    if (offsetAt(zone, start) === offsetAt(zone, end)) continue;
    let low = start;
    let high = end;
    while (high - low > MINUTE) {
      const middle = Math.floor((low + high) / 2 / MINUTE) * MINUTE;
      if (middle <= low || middle >= high) break;
      if (offsetAt(zone, middle) === offsetAt(zone, low)) low = middle;
      else high = middle;
    }
    found.push(Math.ceil(high / MINUTE) * MINUTE);
  }
  return found;
}

/** The fields of a wall time given as a UTC instant. */
export function fieldsOf(wall: number): WallFields {
  const date = new Date(wall);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: date.getUTCHours(), minute: date.getUTCMinutes(), second: date.getUTCSeconds() };
}
