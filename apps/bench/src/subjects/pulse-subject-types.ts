/** Which scheduler a pulse-cost subject process holds. */
export type PulseSubjectKind = 'ours' | 'croner' | 'node-cron' | 'naive';

/** Input of every pulse-cost subject. */
export interface PulseSubjectInput {
  /** Number of tasks. */
  count: number;
  /** Seed of the realistic mix (every subject gets the same schedules). */
  seed: number;
  /** How long steady CPU is sampled with every job armed, in ms (at most 30 000). */
  idleMs: number;
  /** A future top of the hour (ms): minute-boundary pulses are timed at it and the minutes after it. */
  hourBoundary: number;
  /** Timed idle pulses (ours) — naive uses `naivePulses`. */
  idlePulses: number;
  /** Timed minute-boundary pulses. */
  boundaryPulses: number;
  /** Timed pulses of the naive baseline, at idle instants and at minute boundaries each. */
  naivePulses: number;
  /**
   * Time budget (ms) of each timed pulse series whose pulses are expensive (ours at boundaries, naive):
   * a series stops early once it used the budget, after at least two pulses.
   */
  pulseBudgetMs: number;
  /** Grace window given to the planner, as in the daemon's config. */
  graceMs: number;
  /**
   * Time budget (ms) of creating the jobs of a peer whose creation is superlinear (croner at 100k takes
   * 95–180 s here): creation stops there, and per-task figures come from the jobs created.
   */
  readyBudgetMs: number;
}

/** What a pulse-cost subject measured; fields a subject cannot measure are `null`. */
export interface PulseSubjectResult {
  /** Number of tasks asked for. */
  count: number;
  /** Number of tasks actually held: less than `count` when creation stopped at `readyBudgetMs`. */
  created: number;
  /** Time from nothing to every job armed / planned (ms); `null` for the naive baseline, which prepares nothing. */
  readyMs: number | null;
  /** Part of `readyMs` spent creating and registering tasks (ours), else `null`. */
  registerMs: number | null;
  /** Part of `readyMs` spent computing first slots (ours: the SlotPlanner), else `null`. */
  planMs: number | null;
  /** Time of one "next run of every task" pass with the subject's own evaluator (ms), else `null`. */
  nextRunAllMs: number | null;
  /** The daemon's first pulse after start (restart catch-up within the grace window), ours only. */
  firstPulseMs: number | null;
  /** Heap bytes per task after gc. */
  heapPerTask: number;
  /** RSS bytes per task after gc. */
  rssPerTask: number;
  /** CPU ms per wall-clock second while armed and between minute boundaries. */
  idleCpuMsPerSecond: number | null;
  /** Timed idle pulses (ms each), `[]` when not applicable. */
  idlePulseMs: number[];
  /** Timed minute-boundary pulses (ms each), `[]` when not applicable. */
  boundaryPulseMs: number[];
  /** Slots due at each timed minute boundary. */
  boundaryDue: number[];
  /** Schedules the subject could not hold (rejected patterns), with the first error. */
  rejected: { count: number; example: string | null };
}
