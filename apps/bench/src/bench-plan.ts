/** Every count, duration and repetition of one benchmark run; `fullPlan` and `quickPlan` are the two presets. */
export interface BenchPlan {
  /** `full` (for RESULTS.md) or `quick` (smoke, < 60 s). */
  mode: 'full' | 'quick';
  pulse: {
    /** Task counts. */
    sizes: number[];
    /** Repeated subject runs per size (fresh process each), by size. */
    repeats(size: number): number;
    /** Steady-CPU sampling window (ms, at most 30 000). */
    idleMs: number;
    /** Timed idle pulses per ours run. */
    idlePulses: number;
    /** Timed minute-boundary pulses per ours run, by size. */
    boundaryPulses(size: number): number;
    /** Timed naive pulses (idle and boundary each) per run, by size. */
    naivePulses(size: number): number;
    /** Budget (ms) of each expensive pulse series (naive pulses, our boundary pulses); at least 2 pulses each. */
    pulseBudgetMs: number;
    /** Budget of creating a peer's jobs (croner at 100k): creation stops there. */
    readyBudgetMs: number;
  };
  nextRun: {
    /** Minimum time per timed batch (ms). */
    batchMs: number;
    /** Timed batches per library and pattern. */
    batches: number;
    /** Occurrences compared per start instant in the cross-check. */
    crossCheckRuns: number;
  };
  precision: {
    /** Fires per task kind (the daemon's every-second tasks run this many seconds). */
    fires: number;
    /** Peer callbacks measured per library. */
    peerFires: number;
    /** Seconds the peers run (their every-second jobs are multiplied to reach `peerFires`). */
    peerSeconds: number;
    /** Bare spawns measured per floor. */
    floorSpawns: number;
  };
  pushed: {
    /** Sequential pushes timed for latency, per driver. */
    latencyRuns: number;
    /** Pushed no-op runs for the throughput figure, per driver. */
    throughputRuns: number;
    /** Repeated throughput rounds. */
    throughputRounds: number;
  };
  locks: {
    /** Acquire+release pairs per round. */
    pairs: number;
    /** Rounds per provider. */
    rounds: number;
  };
  coldStart: {
    /** Tasks in the generated app. */
    tasks: number;
    /** Repetitions of each command. */
    repeats: number;
  };
}

/**
 * The full run behind RESULTS.md, sized for under ten minutes on a 2-core machine (about 8.5 min quiet, 9.5
 * min busy): the firing precision section needs 120 s (120 fires of three every-second tasks), croner and
 * the naive baseline at 100k tasks most of the rest.
 */
export const fullPlan: BenchPlan = {
  mode: 'full',
  pulse: {
    sizes: [1_000, 10_000, 100_000],
    repeats: (size) => (size >= 100_000 ? 1 : size >= 10_000 ? 2 : 3),
    idleMs: 1500,
    idlePulses: 2000,
    boundaryPulses: (size) => (size >= 100_000 ? 5 : 10),
    // At 100k one naive pulse costs tens of seconds: one idle and one boundary pulse say enough.
    naivePulses: (size) => (size >= 100_000 ? 1 : size >= 10_000 ? 10 : 30),
    pulseBudgetMs: 4_000,
    // croner creates 100k jobs in 95–180 s here (its heap reaches 8 GB): stopped at 40 s, reported as such.
    readyBudgetMs: 40_000,
  },
  nextRun: { batchMs: 100, batches: 4, crossCheckRuns: 24 },
  // 120 s of three every-second tasks: 360 dispatches, 120 child starts per kind (≥ 300 fires in all).
  precision: { fires: 120, peerFires: 300, peerSeconds: 10, floorSpawns: 40 },
  pushed: { latencyRuns: 150, throughputRuns: 150, throughputRounds: 3 },
  locks: { pairs: 2000, rounds: 3 },
  coldStart: { tasks: 1000, repeats: 3 },
};

/** The smoke run (`--quick`): small counts and few repetitions, < 60 s; its figures are not results. */
export const quickPlan: BenchPlan = {
  mode: 'quick',
  pulse: {
    sizes: [1_000],
    repeats: () => 1,
    idleMs: 600,
    idlePulses: 300,
    boundaryPulses: () => 3,
    naivePulses: () => 5,
    pulseBudgetMs: 2000,
    readyBudgetMs: 20_000,
  },
  nextRun: { batchMs: 25, batches: 2, crossCheckRuns: 8 },
  precision: { fires: 8, peerFires: 20, peerSeconds: 4, floorSpawns: 5 },
  pushed: { latencyRuns: 10, throughputRuns: 20, throughputRounds: 1 },
  locks: { pairs: 200, rounds: 1 },
  coldStart: { tasks: 100, repeats: 1 },
};
