import cron, { type ScheduledTask } from 'node-cron';
import { cpuPerSecond, timeSync } from '../measure/cpu-usage.js';
import { serveSubject } from '../measure/serve-subject.js';
import { settledMemory } from '../measure/settled-memory.js';
import { realisticMix } from '../workload/realistic-mix.js';
import type { PulseSubjectInput, PulseSubjectResult } from './pulse-subject-types.js';
import { waitForQuietWindow } from './quiet-window.js';

// node-cron 4 holding the same schedules: `cron.schedule` creates and starts each task.
serveSubject<PulseSubjectInput, PulseSubjectResult>(async (input) => {
  const specs = realisticMix(input.count, input.seed);
  const noop = () => undefined;
  // Under load node-cron warns about every late heartbeat; the figures, not the warnings, matter here.
  cron.setLogger({ info: noop, warn: noop, error: noop, debug: noop });
  const baseline = await settledMemory();
  const tasks: ScheduledTask[] = [];
  let rejected = 0;
  let example: string | null = null;
  const readyMs = timeSync(() => {
    for (const spec of specs) {
      try {
        tasks.push(cron.schedule(spec.expression, noop, { timezone: spec.timezone }));
      } catch (error) {
        rejected++;
        example ??= `${spec.expression} (${spec.timezone}): ${(error as Error).message}`;
      }
    }
  });
  const after = await settledMemory();
  await waitForQuietWindow(input.idleMs);
  const idleCpuMsPerSecond = await cpuPerSecond(input.idleMs);
  for (const task of tasks) await task.destroy();
  return {
    count: input.count,
    created: input.count,
    readyMs,
    registerMs: null,
    planMs: null,
    nextRunAllMs: null,
    firstPulseMs: null,
    heapPerTask: (after.heapUsed - baseline.heapUsed) / input.count,
    rssPerTask: (after.rss - baseline.rss) / input.count,
    idleCpuMsPerSecond,
    idlePulseMs: [],
    boundaryPulseMs: [],
    boundaryDue: [],
    rejected: { count: rejected, example },
  };
});
