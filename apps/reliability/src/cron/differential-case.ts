import { CronExpression, InvalidCronExpressionError } from '@monkeyslegion/scheduler-core';
import { cronerJob, cronerNext, wallMatcher } from './croner-oracle.js';
import { fieldMatcher } from './field-matcher.js';
import { policyNextRun } from './dst-policy-oracle.js';
import type { GeneratedCron } from './random-cron.js';
import { instantsAtWall, offsetAt, transitionsBetween, wallTimeAt } from './zone-clock.js';

/** One differential case: an expression, a zone and a start instant. */
export interface DifferentialCase {
  readonly cron: GeneratedCron;
  readonly zone: string;
  readonly from: number;
}

/** Where our engine and croner first part ways in a chain. */
export interface Disagreement {
  /** Step of the chain (0 = the first nextRunAt). */
  readonly step: number;
  /** The instant both were asked about. */
  readonly from: number;
  readonly ours: number;
  readonly croner: number | null | string;
}

/** What one case showed. */
export interface CaseOutcome {
  /** `both-rejected`, `ours-rejected`, `croner-rejected` or `compared`. */
  readonly parse: 'both-rejected' | 'ours-rejected' | 'croner-rejected' | 'compared';
  /** Violations of our own guarantees (strictly increasing, `isDue(nextRunAt)`, typed errors only). */
  readonly problems: readonly string[];
  /** The first step where croner disagrees, if any. */
  readonly disagreement: Disagreement | null;
  /** Steps compared with croner. */
  readonly steps: number;
  /** Why our parser refused, when it did. */
  readonly rejection?: string;
}

/**
 * Walks `steps` slots of our `CronExpression.nextRunAt` from `from`, checking after every step that the
 * slot is strictly later and `isDue`, and asks croner the same question from the same instant (so one
 * difference does not cascade into the following steps).
 */
export function runCase(testCase: DifferentialCase, steps: number): CaseOutcome {
  let ours: CronExpression | null = null;
  let rejection: string | undefined;
  const problems: string[] = [];
  try {
    ours = CronExpression.parse(testCase.cron.expression, { timezone: testCase.zone });
  } catch (error) {
    if (!(error instanceof InvalidCronExpressionError)) problems.push(`parse threw ${describeError(error)}`);
    rejection = describeError(error);
  }
  const job = cronerJob(testCase.cron.croner, testCase.zone);
  const cronerRejected = 'error' in job;
  if (ours === null) return { parse: cronerRejected ? 'both-rejected' : 'ours-rejected', problems, disagreement: null, steps: 0, rejection };
  if (cronerRejected) return { parse: 'croner-rejected', problems, disagreement: null, steps: 0 };
  let disagreement: Disagreement | null = null;
  let previous = testCase.from;
  let compared = 0;
  for (let step = 0; step < steps; step++) {
    let next: number;
    try {
      next = ours.nextRunAt(new Date(previous)).getTime();
    } catch (error) {
      problems.push(`nextRunAt(${iso(previous)}) threw ${describeError(error)}`);
      break;
    }
    if (!(next > previous)) problems.push(`nextRunAt(${iso(previous)}) = ${iso(next)} is not later`);
    if (!ours.isDue(new Date(next))) problems.push(`isDue(${iso(next)}) is false for nextRunAt(${iso(previous)})`);
    if (disagreement === null) {
      const answer = cronerNext(job, previous);
      compared++;
      const croner = 'error' in answer ? answer.error : answer.next;
      if (croner !== next) disagreement = { step, from: previous, ours: next, croner };
    }
    previous = next;
  }
  return { parse: 'compared', problems, disagreement, steps: compared };
}

/** Why croner and we differ on one question. */
export type DifferenceClass =
  /** Our answer is what the documented DST policy gives, croner's is not, and a DST change comes first. */
  | 'dst-policy'
  /** Our answer breaks our own documented policy: a product bug. */
  | 'ours-breaks-policy'
  /** We follow the policy, no DST change is involved, and croner's own `match()` accepts our answer that its `nextRun()` skipped: a croner bug. */
  | 'croner-contradicts-itself'
  /** We follow the policy, no DST change is involved, and croner reads the fields differently: a dialect difference. */
  | 'croner-field-semantics'
  /** The independent field reader does not understand the expression; not classified. */
  | 'unverified';

/**
 * Classifies a disagreement: the next slot by brute force under our documented DST policy, on an
 * independent field reader, must be ours; then a DST change just before the earlier answer makes it a
 * deliberate DST difference, else croner is checked against its own UTC field matching.
 */
export function classifyDifference(testCase: DifferentialCase, disagreement: Disagreement): { kind: DifferenceClass; policy: number | null } {
  const ours = CronExpression.parse(testCase.cron.expression, { timezone: testCase.zone });
  let matcher;
  try {
    matcher = fieldMatcher(testCase.cron.expression);
  } catch {
    return { kind: 'unverified', policy: null };
  }
  const resolutionMs = ours.hasSeconds ? 1000 : 60_000;
  const hour = testCase.cron.expression.trim().split(/\s+/).at(-4)!;
  // Scanning up to our answer decides it: either the policy finds exactly it, or something earlier.
  const horizon = disagreement.ours - disagreement.from;
  const policy = policyNextRun({ matcher, resolutionMs, followsElapsedTime: /[*/]/.test(hour) }, testCase.zone, disagreement.from, horizon) ?? null;
  if (policy !== disagreement.ours) return { kind: 'ours-breaks-policy', policy };
  const croner = typeof disagreement.croner === 'number' ? disagreement.croner : Number.POSITIVE_INFINITY;
  const earlier = Math.min(disagreement.ours, croner);
  // DST rules decide a slot only right at a change: the gap's end, or the repeated stretch after a fall-back
  // (2 h at most), which may have begun before `from` (a start inside the repeated hour).
  const near = transitionsBetween(testCase.zone, earlier - 3 * 3_600_000, earlier + resolutionMs);
  if (near.length > 0) return { kind: 'dst-policy', policy };
  const cronerMatches = wallMatcher(testCase.cron.croner);
  const sameReading = cronerMatches !== null && cronerMatches(wallTimeAt(testCase.zone, disagreement.ours)) && (!Number.isFinite(croner) || !cronerMatches(wallTimeAt(testCase.zone, croner)) === !matcher.matches(wallTimeAt(testCase.zone, croner)));
  return { kind: sameReading ? 'croner-contradicts-itself' : 'croner-field-semantics', policy };
}

/** A case as one readable line. */
export function describeCase(testCase: DifferentialCase, disagreement?: Disagreement): string {
  const base = `"${testCase.cron.expression}" (croner "${testCase.cron.croner}") in ${testCase.zone} from ${iso(testCase.from)}`;
  if (!disagreement) return base;
  const croner = typeof disagreement.croner === 'number' ? iso(disagreement.croner) : String(disagreement.croner);
  return `${base}: after ${iso(disagreement.from)} we say ${iso(disagreement.ours)}, croner says ${croner}`;
}

function iso(instant: number): string {
  return Number.isFinite(instant) ? new Date(instant).toISOString() : String(instant);
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
}

/** Which rule of the DST policy explains a `dst-policy` difference. */
export type DstRule =
  | 'a wall time skipped by spring-forward runs once at the end of the gap'
  | 'a wall time repeated by fall-back runs once (fixed hour)'
  | 'a skipped or repeated time elsewhere in the window';

/** Names the rule of our DST policy behind a `dst-policy` difference. */
export function dstRuleOf(testCase: DifferentialCase, disagreement: Disagreement): DstRule {
  const croner = typeof disagreement.croner === 'number' ? disagreement.croner : Number.POSITIVE_INFINITY;
  const end = Math.min(Math.max(disagreement.ours, Number.isFinite(croner) ? croner : disagreement.ours), disagreement.from + 400 * 86_400_000);
  const transitions = transitionsBetween(testCase.zone, disagreement.from - 3_600_000, end + 3_600_000);
  if (transitions.includes(disagreement.ours) && offsetAt(testCase.zone, disagreement.ours) > offsetAt(testCase.zone, disagreement.ours - 1)) {
    return 'a wall time skipped by spring-forward runs once at the end of the gap';
  }
  if (Number.isFinite(croner) && croner < disagreement.ours && instantsAtWall(testCase.zone, wallTimeAt(testCase.zone, croner))[0]! < croner) {
    return 'a wall time repeated by fall-back runs once (fixed hour)';
  }
  return 'a skipped or repeated time elsewhere in the window';
}
