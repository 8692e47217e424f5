/** One fault at an offset from the start of the soak. */
export type FaultEvent = { at: number; kind: 'kill' } | { at: number; kind: 'redis-outage'; durationMs: number };

/** Options of `faultPlan`. */
export interface FaultPlanOptions {
  durationMs: number;
  /** Overlap lock TTL: a kill's stranded locks must expire before the outage starts, or the two blur. */
  overlapTtlMs: number;
  killEveryMs: number;
  redisOutageAtMs: number;
  redisOutageMs: number;
}

// A daemon restarted while Redis is down cannot boot (its lock plugin fails fast, by design): kills keep
// this far from the outage, so "reconnects without a restart" is what the outage measures. After it, the
// survivors get room to reconnect (backoff up to 2 s) and log it on a loaded machine before any is killed.
const KILL_CLEARANCE_MS = 8000;
// Room after the TTL of a kill's stranded locks for the next slot to take them.
const TAKE_OVER_MS = 3000;

/**
 * The soak's fault timeline: a kill every `killEveryMs` (none in the last 10 s, so its effects are
 * audited) and one Redis outage. A kill whose effects would overlap the outage (its locks expiring, or
 * its restart, while Redis is down) moves to 8 s after it; two kills never share an instant.
 */
export function faultPlan(options: FaultPlanOptions): FaultEvent[] {
  const outage = {
    from: options.redisOutageAtMs - Math.max(KILL_CLEARANCE_MS, options.overlapTtlMs + TAKE_OVER_MS),
    to: options.redisOutageAtMs + options.redisOutageMs + KILL_CLEARANCE_MS,
  };
  const kills = new Set<number>();
  for (let at = options.killEveryMs; at <= options.durationMs - 10_000; at += options.killEveryMs) {
    kills.add(at > outage.from && at < outage.to ? outage.to : at);
  }
  const events: FaultEvent[] = [{ at: options.redisOutageAtMs, kind: 'redis-outage', durationMs: options.redisOutageMs }];
  for (const at of kills) if (at <= options.durationMs - 10_000) events.push({ at, kind: 'kill' });
  return events.sort((a, b) => a.at - b.at);
}
