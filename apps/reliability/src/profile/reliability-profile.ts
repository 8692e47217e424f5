/** Which size of the suite runs: `short` in CI, `full` for the committed figures. */
export type ProfileName = 'short' | 'full';

/** Every size knob of the suite; one object per profile so a run's figures always say what was measured. */
export interface ReliabilityProfile {
  readonly name: ProfileName;
  /** Cluster soak: daemons sharing one Redis, onOneServer tasks every second and every five seconds. */
  readonly soak: {
    readonly daemons: number;
    readonly everySecondTasks: number;
    readonly everyFiveSecondsTasks: number;
    readonly durationMs: number;
  };
  /** The same soak with faults injected while it runs. */
  readonly faults: {
    readonly durationMs: number;
    /** A random daemon is SIGKILLed (and restarted) this often. */
    readonly killEveryMs: number;
    /** How long the Redis server stays down. */
    readonly redisOutageMs: number;
    /** When (after the soak started) Redis goes down. */
    readonly redisOutageAtMs: number;
    /** One daemon runs this far ahead, another this far behind. */
    readonly clockSkewMs: number;
    /** Overlap lock TTL of the soak tasks: how long a killed daemon's lock can block its task. */
    readonly overlapTtlMs: number;
  };
  /** Pushed runs across daemons with one SIGKILLed mid-way. */
  readonly pushed: { readonly runs: number; readonly daemons: number; readonly visibilityTimeoutMs: number };
  /** Differential cron testing against croner. */
  readonly cron: { readonly cases: number; readonly steps: number; readonly garbageRuns: number };
  /** Simulated time a daemon's slot path is driven through, and how many tasks it plans. */
  readonly resources: { readonly simulatedHours: number; readonly tasks: number; readonly commandTasks: number };
  /** Seed of every random choice (kills, expressions, instants); printed with every failure. */
  readonly seed: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

const SHORT: Omit<ReliabilityProfile, 'seed'> = {
  name: 'short',
  soak: { daemons: 4, everySecondTasks: 50, everyFiveSecondsTasks: 50, durationMs: 60 * SECOND },
  faults: {
    durationMs: 60 * SECOND,
    killEveryMs: 20 * SECOND,
    redisOutageMs: 10 * SECOND,
    redisOutageAtMs: 30 * SECOND,
    clockSkewMs: 2 * SECOND,
    overlapTtlMs: 5 * SECOND,
  },
  pushed: { runs: 1000, daemons: 3, visibilityTimeoutMs: 5 * SECOND },
  cron: { cases: 10_000, steps: 50, garbageRuns: 20_000 },
  resources: { simulatedHours: 24, tasks: 1000, commandTasks: 20 },
};

const FULL: Omit<ReliabilityProfile, 'seed'> = {
  name: 'full',
  soak: { daemons: 4, everySecondTasks: 50, everyFiveSecondsTasks: 50, durationMs: 5 * MINUTE },
  faults: {
    durationMs: 5 * MINUTE,
    killEveryMs: 20 * SECOND,
    redisOutageMs: 10 * SECOND,
    redisOutageAtMs: 150 * SECOND,
    clockSkewMs: 2 * SECOND,
    overlapTtlMs: 5 * SECOND,
  },
  pushed: { runs: 10_000, daemons: 3, visibilityTimeoutMs: 5 * SECOND },
  cron: { cases: 50_000, steps: 50, garbageRuns: 100_000 },
  resources: { simulatedHours: 24, tasks: 1000, commandTasks: 20 },
};

/**
 * The profile selected by `RELIABILITY_PROFILE` (`short` unless it says `full`) with the seed from
 * `RELIABILITY_SEED` (a fixed default, so two runs of one commit make the same random choices).
 */
export function reliabilityProfile(env: NodeJS.ProcessEnv = process.env): ReliabilityProfile {
  const requested = (env.RELIABILITY_PROFILE ?? 'short').trim().toLowerCase();
  if (requested !== 'short' && requested !== 'full') {
    throw new Error(`reliability: RELIABILITY_PROFILE must be "short" or "full", got ${JSON.stringify(env.RELIABILITY_PROFILE)}`);
  }
  const seed = env.RELIABILITY_SEED === undefined ? 20_260_308 : Number(env.RELIABILITY_SEED);
  if (!Number.isSafeInteger(seed)) throw new Error(`reliability: RELIABILITY_SEED must be an integer, got ${JSON.stringify(env.RELIABILITY_SEED)}`);
  return { ...(requested === 'full' ? FULL : SHORT), seed };
}
