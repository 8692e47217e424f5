const FIVE_SECONDS = 5000;
const MINUTE_MS = 60_000;

/** Instants for idle pulses: a catch-up pulse, then `count` increasing instants inside one slot-free gap. */
export interface IdleInstants {
  /** Untimed pulse at the multiple of 5 s that opens the gap (takes every slot up to it). */
  catchUp: number;
  /** Timed pulse instants, strictly inside the gap. */
  pulses: number[];
}

/**
 * Picks the first 5-second gap after `from`: every seconds step of the mix is a multiple of 5 and
 * every minute-level slot falls on :00, so the four whole seconds after a multiple of 5 s hold no slot
 * (instants inside the multiple's own second are avoided: a per-second evaluator truncates to it).
 */
export function idleInstants(from: number, count: number): IdleInstants {
  const catchUp = Math.ceil((from + 1) / FIVE_SECONDS) * FIVE_SECONDS;
  const first = catchUp + 1000;
  const usable = FIVE_SECONDS - 1000 - 1;
  const step = usable / Math.max(1, count);
  const pulses = Array.from({ length: count }, (_, index) => first + index * step);
  return { catchUp, pulses };
}

/** `count` consecutive minute boundaries starting at the top of the hour `hourBoundary`. */
export function minuteBoundaries(hourBoundary: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => hourBoundary + index * MINUTE_MS);
}

/** Calls `pulse` for each instant until the budget is used (never fewer than two, never more than given). */
export function timedSeries(instants: readonly number[], budgetMs: number, pulse: (at: number) => void): void {
  const start = process.hrtime.bigint();
  instants.forEach((at, index) => {
    if (index >= 2 && Number(process.hrtime.bigint() - start) / 1e6 > budgetMs) return;
    pulse(at);
  });
}
