import { seededRandom } from './seeded-random.js';

/** One schedule of the benchmark workload. */
export interface ScheduleSpec {
  /** 5- or 6-field cron expression. */
  expression: string;
  /** IANA timezone. */
  timezone: string;
  /** Which family of the mix it belongs to (for reporting). */
  family: ScheduleFamily;
}

/** The families of the realistic mix. */
export type ScheduleFamily =
  | 'every-n-seconds'
  | 'every-n-minutes'
  | 'hourly'
  | 'daily'
  | 'business-hours'
  | 'weekly'
  | 'monthly'
  | 'last-day-of-month'
  | 'nth-weekday';

interface FamilyShare {
  family: ScheduleFamily;
  /** Fraction of all tasks. */
  share: number;
  build(pick: (values: readonly number[]) => number, int: (min: number, max: number) => number): string;
}

// Every seconds step divides 60 and is a multiple of 5, so any open 5-second window between two
// multiples of 5 s contains no slot of the mix at all: that is where idle pulses are timed.
const SECOND_STEPS = [5, 10, 15, 20, 30];
const MINUTE_STEPS = [1, 2, 5, 10, 15, 30];

/** The mix, in the proportions a real application fleet tends to have: mostly minute/hour/day jobs. */
export const FAMILY_SHARES: readonly FamilyShare[] = [
  { family: 'every-n-seconds', share: 0.04, build: (pick) => `*/${pick(SECOND_STEPS)} * * * * *` },
  { family: 'every-n-minutes', share: 0.16, build: (pick) => `*/${pick(MINUTE_STEPS)} * * * *` },
  { family: 'hourly', share: 0.15, build: (_, int) => `${int(0, 59)} * * * *` },
  { family: 'daily', share: 0.25, build: (_, int) => `${int(0, 59)} ${int(0, 23)} * * *` },
  { family: 'business-hours', share: 0.05, build: (_, int) => `${int(0, 59)} 9-17 * * 1-5` },
  { family: 'weekly', share: 0.12, build: (_, int) => `${int(0, 59)} ${int(0, 23)} * * ${int(0, 6)}` },
  { family: 'monthly', share: 0.11, build: (_, int) => `${int(0, 59)} ${int(0, 23)} ${int(1, 28)} * *` },
  { family: 'last-day-of-month', share: 0.06, build: (_, int) => `${int(0, 59)} ${int(0, 23)} L * *` },
  { family: 'nth-weekday', share: 0.06, build: (_, int) => `${int(0, 59)} ${int(0, 23)} * * ${int(1, 5)}#${int(1, 4)}` },
];

/** Zones of the non-UTC share: both hemispheres' DST rules, a half-hour offset and no-DST zones. */
export const MIX_TIMEZONES = [
  'America/New_York',
  'Europe/Berlin',
  'Europe/London',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'Australia/Sydney',
  'America/Sao_Paulo',
] as const;

/** Fraction of tasks in a non-UTC zone. */
export const NON_UTC_SHARE = 0.4;

/**
 * `count` schedules of the realistic mix: every N seconds/minutes, hourly, daily at random times,
 * business hours, weekly, monthly, `L` (last day of month), `#` (nth weekday), 40 % of them in one of
 * seven timezones. Deterministic for a given seed; family counts are exact shares, order is shuffled.
 */
export function realisticMix(count: number, seed = 42): ScheduleSpec[] {
  const random = seededRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = (values: readonly number[]) => values[Math.floor(random() * values.length)]!;
  const specs: ScheduleSpec[] = [];
  let assigned = 0;
  FAMILY_SHARES.forEach((family, index) => {
    const last = index === FAMILY_SHARES.length - 1;
    const size = last ? count - assigned : Math.round(count * family.share);
    assigned += size;
    for (let i = 0; i < size; i++) {
      const timezone = random() < NON_UTC_SHARE ? MIX_TIMEZONES[Math.floor(random() * MIX_TIMEZONES.length)]! : 'UTC';
      specs.push({ expression: family.build(pick, int), timezone, family: family.family });
    }
  });
  for (let i = specs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [specs[i], specs[j]] = [specs[j]!, specs[i]!];
  }
  return specs;
}

/** Human-readable description of the mix for RESULTS.md. */
export function describeMix(): string {
  const families = FAMILY_SHARES.map((family) => `${family.family} ${Math.round(family.share * 100)} %`).join(', ');
  return `${families}; ${Math.round(NON_UTC_SHARE * 100)} % of tasks in one of ${MIX_TIMEZONES.join(', ')}, the rest UTC`;
}
