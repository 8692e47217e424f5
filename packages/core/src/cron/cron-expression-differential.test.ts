import { describe, expect, it } from 'vitest';
import { CronExpression } from './cron-expression.js';
import { ZoneOffsets } from './zone-offsets.js';

/*
 * The compiled engine against cron-parser's own iterator (`engine: 'reference'`) on random valid
 * expressions, zones and start instants weighted toward the DST transitions of 2024-2030.
 * Reproduce a failure with CRON_DIFFERENTIAL_SEED=<seed>; CRON_DIFFERENTIAL_CASES sets the count.
 */
const SEED = Number(process.env.CRON_DIFFERENTIAL_SEED ?? 20_260_308);
const CASES = Number(process.env.CRON_DIFFERENTIAL_CASES ?? 20_000);
const BATCHES = 20;
const CHAIN_LENGTH = 50;
// The reference engine costs 0.1-2 ms a call, so only every 100th chain is walked by both engines;
// every chain is still checked for strict increase and round trips on the compiled engine.
const REFERENCE_CHAIN_EVERY = 100;
// A batch costs ~2 s of CPU, dominated by cron-parser; the margin is for a machine shared with other suites.
const BATCH_TIMEOUT_MS = 120_000;

const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/London',
  'Asia/Tokyo',
  'Australia/Lord_Howe', // 30-minute DST shift
  'Asia/Kathmandu', // +05:45, no DST
  'America/Santiago', // DST changes at midnight
  'America/Havana', // spring-forward from 00:00
  'Australia/Sydney',
  'Pacific/Chatham', // +12:45 / +13:45
  'America/St_Johns', // -03:30 / -02:30
  'Africa/Casablanca', // two changes a year around Ramadan, a month apart
  'Antarctica/Troll', // 2-hour DST shift
  'Europe/Dublin',
  'Asia/Kolkata',
  'Etc/GMT+5',
];
const RANGE_START = Date.UTC(2024, 0, 1);
const RANGE_END = Date.UTC(2031, 0, 1);

interface Case {
  expression: string;
  timezone: string;
  from: number;
}

type Outcome = string;

describe('the compiled engine agrees with the cron-parser reference engine', () => {
  const transitions = new Map(ZONES.map((zone) => [zone, transitionsOf(zone)]));
  const random = seededRandom(SEED);
  const perBatch = Math.ceil(CASES / BATCHES);

  it('finds DST transitions to aim at in every zone that has them', () => {
    expect(transitions.get('America/New_York')).toHaveLength(14);
    expect(transitions.get('Australia/Lord_Howe')!.length).toBeGreaterThanOrEqual(13);
    expect(transitions.get('Asia/Kathmandu')).toHaveLength(0);
  });

  for (let batch = 0; batch < BATCHES; batch++) {
    it(`on random expressions, zones and instants (batch ${batch + 1} of ${BATCHES}, seed ${SEED})`, () => {
      let checked = 0;
      let rejected = 0;
      while (checked < perBatch) {
        const testCase: Case = {
          expression: randomExpression(random),
          timezone: ZONES[Math.floor(random() * ZONES.length)]!,
          from: 0,
        };
        testCase.from = randomInstant(random, transitions.get(testCase.timezone)!);
        const parsed = parseBoth(testCase);
        if (parsed === 'both rejected') {
          rejected++;
          continue;
        }
        const walkReference = checked % REFERENCE_CHAIN_EVERY === 0;
        const difference = typeof parsed === 'string' ? parsed : evaluationDifference(testCase, parsed, walkReference);
        if (difference !== null) {
          const minimal = minimize(testCase, (candidate) => differenceOf(candidate, walkReference));
          throw new Error(
            `engines disagree (seed ${SEED}, batch ${batch + 1}): ${describeCase(testCase)}: ${difference}\n` +
              `minimized: ${describeCase(minimal)}: ${differenceOf(minimal, walkReference)}`,
          );
        }
        checked++;
      }
      expect(checked).toBe(perBatch);
      // Some generated expressions must be invalid (duplicates, impossible days), or the error paths go untested.
      expect(rejected).toBeGreaterThan(0);
    }, BATCH_TIMEOUT_MS);
  }
});

interface Engines {
  compiled: CronExpression;
  reference: CronExpression;
}

/** Both engines' parses, 'both rejected' when both throw the same error, else the difference. */
function parseBoth({ expression, timezone }: Case): Engines | string {
  let compiled: CronExpression | undefined;
  let reference: CronExpression | undefined;
  const fromCompiled = attempt(() => (compiled = CronExpression.parse(expression, { timezone })).expression);
  const fromReference = attempt(() => (reference = CronExpression.parse(expression, { timezone, engine: 'reference' })).expression);
  if (fromCompiled !== fromReference) return `parse: compiled ${fromCompiled}, reference ${fromReference}`;
  return compiled && reference ? { compiled, reference } : 'both rejected';
}

/** The first difference between the engines for a case, or `null` (also when both reject it). */
function differenceOf(testCase: Case, walkReference: boolean): string | null {
  const parsed = parseBoth(testCase);
  if (parsed === 'both rejected') return null;
  return typeof parsed === 'string' ? parsed : evaluationDifference(testCase, parsed, walkReference);
}

/** `null` when nextRunAt, previousRunAt, isDue and the 50-slot chain agree, else the first difference. */
function evaluationDifference({ from }: Case, { compiled, reference }: Engines, walkReference: boolean): string | null {
  const start = new Date(from);
  const checks: [string, (cron: CronExpression) => Outcome][] = [
    ['nextRunAt', (cron) => iso(cron.nextRunAt(start))],
    ['previousRunAt', (cron) => iso(cron.previousRunAt(start))],
    ['isDue', (cron) => String(cron.isDue(start))],
  ];
  for (const [name, check] of checks) {
    const [fromCompiled, fromReference] = [attempt(() => check(compiled)), attempt(() => check(reference))];
    if (fromCompiled !== fromReference) return `${name}: compiled ${fromCompiled}, reference ${fromReference}`;
  }
  const chain = attempt(() => compiled.nextRuns(CHAIN_LENGTH, start).map(iso).join(' '));
  if (walkReference) {
    const referenceChain = attempt(() => reference.nextRuns(CHAIN_LENGTH, start).map(iso).join(' '));
    if (chain !== referenceChain) return `nextRuns(${CHAIN_LENGTH}): compiled ${firstDifferent(chain, referenceChain)}`;
  }
  if (chain.startsWith('error')) return null;
  const slots = chain.split(' ').map((slot) => Date.parse(slot));
  for (let index = 0; index < slots.length; index++) {
    const slot = new Date(slots[index]!);
    if (!compiled.isDue(slot)) return `nextRuns: slot ${iso(slot)} is not due`;
    if (index === 0) continue;
    const before = new Date(slots[index - 1]!);
    if (slot <= before) return `nextRuns: ${iso(slot)} does not follow ${iso(before)}`;
    const previous = attempt(() => iso(compiled.previousRunAt(slot)));
    if (previous !== iso(before)) return `previousRunAt(${iso(slot)}) is ${previous}, not the slot before it, ${iso(before)}`;
  }
  return null;
}

/** Greedy shrinking: simpler fields, fewer list items, UTC, a rounder start, while the case still fails. */
function minimize(failing: Case, difference: (candidate: Case) => string | null): Case {
  let current = failing;
  for (let improved = true; improved; ) {
    improved = false;
    for (const candidate of simplerCases(current)) {
      if (difference(candidate) !== null) {
        current = candidate;
        improved = true;
        break;
      }
    }
  }
  return current;
}

function* simplerCases(current: Case): Generator<Case> {
  const fields = current.expression.startsWith('@') ? [] : current.expression.split(' ');
  if (current.timezone !== 'UTC') yield { ...current, timezone: 'UTC' };
  if (fields.length === 6) yield { ...current, expression: fields.slice(1).join(' ') };
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index]!;
    const options = field === '*' ? [] : ['*', ...(field.includes(',') ? field.split(',') : [])];
    for (const option of options) yield { ...current, expression: fields.map((value, at) => (at === index ? option : value)).join(' ') };
  }
  for (const unit of [86_400_000, 3_600_000, 60_000, 1000]) {
    const rounded = Math.round(current.from / unit) * unit;
    if (rounded !== current.from) yield { ...current, from: rounded };
  }
}

/** Random valid-looking expressions: mostly simple fields, with ranges, steps, lists, names, L, # and ?. */
function randomExpression(random: () => number): string {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const between = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  if (random() < 0.02) return pick(['@hourly', '@daily', '@weekly', '@monthly', '@yearly']);
  const monthNames = ['jan', 'FEB', 'Mar', 'APR', 'may', 'JUN', 'jul', 'AUG', 'sep', 'OCT', 'nov', 'DEC'];
  const dayNames = ['SUN', 'mon', 'Tue', 'WED', 'thu', 'FRI', 'sat'];
  const numeric =
    (low: number, names?: readonly string[]) =>
    (value: number): string =>
      names && random() < 0.3 && value - low < names.length ? names[value - low]! : String(value);
  const item = (low: number, high: number, favourite: () => number, name: (value: number) => string): string => {
    const roll = random();
    if (roll < 0.45) return name(favourite());
    if (roll < 0.6) return `*/${pick([2, 3, 5, 7, 10, 15, 20, 30, high - low + 1].filter((step) => step <= high - low + 1))}`;
    const first = between(low, high);
    const last = between(first, high);
    if (roll < 0.75) return `${name(first)}-${name(last)}`;
    if (roll < 0.88) return `${name(first)}-${name(last)}/${between(1, Math.max(1, last - first + 1))}`;
    return `${first}/${between(1, high - low + 1)}`;
  };
  const field = (low: number, high: number, favourite: () => number, names?: readonly string[]): string => {
    if (random() < 0.4) return '*';
    const count = random() < 0.75 ? 1 : between(2, 3);
    return Array.from({ length: count }, () => item(low, high, favourite, numeric(low, names))).join(',');
  };
  // Hours and minutes near DST transitions (00:00-03:59 local in most zones) are favoured.
  const second = random() < 0.3 ? field(0, 59, () => pick([0, 0, 15, 30, 59, between(0, 59)])) : null;
  const minute = field(0, 59, () => pick([0, 0, 30, 45, 59, between(0, 59)]));
  const hour = field(0, 23, () => pick([0, 1, 2, 2, 3, 23, between(0, 23)]));
  let dayOfMonth = field(1, 31, () => pick([1, 13, 15, 28, 29, 30, 31, between(1, 31)]));
  const month = random() < 0.7 ? '*' : field(1, 12, () => between(1, 12), monthNames);
  let dayOfWeek = random() < 0.65 ? '*' : field(0, 7, () => between(0, 7), dayNames);
  const special = random();
  if (special < 0.06) dayOfMonth = random() < 0.5 ? 'L' : `${between(1, 28)},L`;
  else if (special < 0.12) dayOfWeek = `${random() < 0.5 ? between(0, 7) : pick(dayNames)}#${between(1, 5)}`;
  else if (special < 0.17) dayOfWeek = `${random() < 0.5 ? between(0, 7) : pick(dayNames)}L`;
  else if (special < 0.21) dayOfMonth = '?';
  else if (special < 0.24) dayOfWeek = '?';
  return [second, minute, hour, dayOfMonth, month, dayOfWeek].filter((value) => value !== null).join(' ');
}

/** 60 % near a DST transition of the zone (within a day and a half, often exactly on it), else anywhere in 2024-2030. */
function randomInstant(random: () => number, transitions: readonly number[]): number {
  let instant: number;
  if (transitions.length > 0 && random() < 0.6) {
    const transition = transitions[Math.floor(random() * transitions.length)]!;
    const nearby = [0, 1, -1, 1000, -1000, 60_000, -60_000, 1_800_000, -1_800_000, 3_600_000, -3_600_000];
    instant = random() < 0.15 ? transition + nearby[Math.floor(random() * nearby.length)]! : transition + Math.round((random() * 2 - 1) * 36 * 3_600_000);
  } else {
    instant = RANGE_START + Math.floor(random() * (RANGE_END - RANGE_START));
  }
  const snap = random();
  if (snap < 0.3) return Math.round(instant / 60_000) * 60_000;
  if (snap < 0.6) return Math.round(instant / 1000) * 1000;
  return instant;
}

/** Every offset change of `zone` from 2024 to 2030, to the second. */
function transitionsOf(zone: string): number[] {
  const offsets = ZoneOffsets.for(zone);
  const found: number[] = [];
  const step = 6 * 3_600_000;
  for (let instant = RANGE_START; instant < RANGE_END; instant += step) {
    if (offsets.offsetAt(instant) !== offsets.offsetAt(instant + step)) found.push(offsets.transitionBetween(instant, instant + step));
  }
  return found;
}

function attempt(run: () => string): Outcome {
  try {
    return run();
  } catch (error) {
    return `error ${(error as Error).constructor.name}: ${(error as Error).message}`;
  }
}

function firstDifferent(compiled: string, reference: string): string {
  const [left, right] = [compiled.split(' '), reference.split(' ')];
  const index = left.findIndex((slot, at) => slot !== right[at]);
  return `slot ${index}: compiled ${left[index] ?? '(none)'}, reference ${right[index] ?? '(none)'}`;
}

function describeCase({ expression, timezone, from }: Case): string {
  return `${JSON.stringify(expression)} in ${timezone} from ${new Date(from).toISOString()}`;
}

function iso(date: Date): string {
  return date.toISOString();
}

/** Mulberry32: a tiny deterministic generator so a failing case can be reproduced from the seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
