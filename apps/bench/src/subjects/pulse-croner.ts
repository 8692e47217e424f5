import { Cron } from 'croner';
import { cpuPerSecond, timeSync } from '../measure/cpu-usage.js';
import { serveSubject } from '../measure/serve-subject.js';
import { settledMemory } from '../measure/settled-memory.js';
import { realisticMix } from '../workload/realistic-mix.js';
import type { PulseSubjectInput, PulseSubjectResult } from './pulse-subject-types.js';
import { waitForQuietWindow } from './quiet-window.js';

// croner holding the same schedules, each job armed (scheduling, not paused) with a no-op callback; creation
// stops at the ready budget (per-task figures then come from the jobs created).
serveSubject<PulseSubjectInput, PulseSubjectResult>(async (input) => {
  const specs = realisticMix(input.count, input.seed);
  const noop = () => undefined;
  const baseline = await settledMemory();
  const jobs: Cron[] = [];
  let rejected = 0;
  let example: string | null = null;
  const started = performance.now();
  const readyMs = timeSync(() => {
    for (const [index, spec] of specs.entries()) {
      if (index % 1000 === 999 && performance.now() - started > input.readyBudgetMs) break;
      try {
        jobs.push(new Cron(spec.expression, { timezone: spec.timezone }, noop));
      } catch (error) {
        rejected++;
        example ??= `${spec.expression} (${spec.timezone}): ${(error as Error).message}`;
      }
    }
  });
  const after = await settledMemory();
  await waitForQuietWindow(input.idleMs);
  const idleCpuMsPerSecond = await cpuPerSecond(input.idleMs);
  for (const job of jobs) job.stop();
  return {
    count: input.count,
    created: jobs.length + rejected,
    readyMs,
    registerMs: null,
    planMs: null,
    nextRunAllMs: null,
    firstPulseMs: null,
    heapPerTask: (after.heapUsed - baseline.heapUsed) / Math.max(1, jobs.length),
    rssPerTask: (after.rss - baseline.rss) / Math.max(1, jobs.length),
    idleCpuMsPerSecond,
    idlePulseMs: [],
    boundaryPulseMs: [],
    boundaryDue: [],
    rejected: { count: rejected, example },
  };
});
