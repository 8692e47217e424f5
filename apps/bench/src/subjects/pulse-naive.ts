import { CronExpressionParser } from 'cron-parser';
import { timeSync } from '../measure/cpu-usage.js';
import { serveSubject } from '../measure/serve-subject.js';
import { settledMemory } from '../measure/settled-memory.js';
import { realisticMix } from '../workload/realistic-mix.js';
import { idleInstants, minuteBoundaries, timedSeries } from './pulse-instants.js';
import type { PulseSubjectInput, PulseSubjectResult } from './pulse-subject-types.js';

// The naive baseline: keep the expressions as text and, at every pulse, ask cron-parser whether each
// one is due (parse at the slot minus 1 ms, take next(), compare) — what a simple scheduler loop does.
serveSubject<PulseSubjectInput, PulseSubjectResult>(async (input) => {
  const specs = realisticMix(input.count, input.seed);
  const baseline = await settledMemory();
  const held = specs.map((spec) => ({ expression: spec.expression, timezone: spec.timezone }));
  const after = await settledMemory();
  const start = input.hourBoundary - 50_000;

  const nextRunAllMs = timeSync(() => {
    const currentDate = new Date(start);
    for (const spec of held) CronExpressionParser.parse(spec.expression, { currentDate, tz: spec.timezone }).next();
  });

  const idlePulseMs: number[] = [];
  timedSeries(idleInstants(input.hourBoundary - 20_000, input.naivePulses).pulses, input.pulseBudgetMs, (at) => {
    let due = 0;
    idlePulseMs.push(timeSync(() => (due = naivePulse(held, at))));
    if (due !== 0) throw new Error(`pulse-naive: ${due} task(s) due at the idle instant ${new Date(at).toISOString()}`);
  });
  const boundaryPulseMs: number[] = [];
  const boundaryDue: number[] = [];
  timedSeries(minuteBoundaries(input.hourBoundary, input.naivePulses), input.pulseBudgetMs, (boundary) => {
    let due = 0;
    boundaryPulseMs.push(timeSync(() => (due = naivePulse(held, boundary))));
    boundaryDue.push(due);
  });
  return {
    count: input.count,
    created: input.count,
    readyMs: null,
    registerMs: null,
    planMs: null,
    nextRunAllMs,
    firstPulseMs: null,
    heapPerTask: (after.heapUsed - baseline.heapUsed) / input.count,
    rssPerTask: (after.rss - baseline.rss) / input.count,
    idleCpuMsPerSecond: null,
    idlePulseMs,
    boundaryPulseMs,
    boundaryDue,
    rejected: { count: 0, example: null },
  };
});

interface HeldExpression {
  expression: string;
  timezone: string;
}

// A loop pulsing every second asks "does this second match?": a 5-field expression can only match at
// second 0, which cron-parser's next() from one millisecond before the second answers for both forms.
function naivePulse(held: readonly HeldExpression[], now: number): number {
  const slot = Math.floor(now / 1000) * 1000;
  let due = 0;
  for (const spec of held) {
    const next = CronExpressionParser.parse(spec.expression, { currentDate: new Date(slot - 1), tz: spec.timezone }).next();
    if (next.getTime() === slot) due++;
  }
  return due;
}
