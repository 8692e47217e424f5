import { Task, TaskRegistry } from '@monkeyslegion/scheduler-core';
import { SlotPlanner } from '@monkeyslegion/scheduler-runner';
import { cpuPerSecond, timeSync } from '../measure/cpu-usage.js';
import { serveSubject } from '../measure/serve-subject.js';
import { settledMemory } from '../measure/settled-memory.js';
import { realisticMix } from '../workload/realistic-mix.js';
import { startPlannerLoop } from './planner-loop.js';
import type { PulseSubjectInput, PulseSubjectResult } from './pulse-subject-types.js';
import { idleInstants, minuteBoundaries, timedSeries } from './pulse-instants.js';

// "Ours": core Task objects in a TaskRegistry and the runner's SlotPlanner, exactly what the daemon
// builds at start and consults at every pulse. Time is virtual (the real clock shifted to just before
// `hourBoundary`), so the timed pulses land on chosen instants whatever the wall clock says.
serveSubject<PulseSubjectInput, PulseSubjectResult>(async (input) => {
  const specs = realisticMix(input.count, input.seed);
  const start = input.hourBoundary - 50_000;
  const baseline = await settledMemory();

  const registry = new TaskRegistry();
  let planner!: SlotPlanner;
  const registerMs = timeSync(() => {
    specs.forEach((spec, index) => {
      registry.add(new Task({ id: `task-${index}`, kind: 'command', command: 'true', expression: spec.expression, timezone: spec.timezone }));
    });
  });
  const tasks = registry.all().toArray();
  const planMs = timeSync(() => {
    planner = new SlotPlanner(tasks, start, input.graceMs);
  });
  // The daemon's first pulse runs the latest slot of tasks whose slot is within the grace window.
  const firstPulseMs = timeSync(() => planner.pulse(start));
  const after = await settledMemory();

  // Steady CPU with the daemon loop running on the virtual clock from `start` on.
  const loop = startPlannerLoop(planner, start - Date.now());
  const idleCpuMsPerSecond = await cpuPerSecond(input.idleMs);
  const reached = loop.stop();

  const idlePulseMs: number[] = [];
  const instants = idleInstants(reached, input.idlePulses);
  planner.pulse(instants.catchUp);
  for (const at of instants.pulses) {
    let due = 0;
    idlePulseMs.push(timeSync(() => (due = planner.pulse(at).due.length)));
    if (due !== 0) throw new Error(`pulse-ours: ${due} slot(s) due at the idle instant ${new Date(at).toISOString()}; the mix must leave 5-second gaps`);
  }

  const boundaryPulseMs: number[] = [];
  const boundaryDue: number[] = [];
  timedSeries(minuteBoundaries(input.hourBoundary, input.boundaryPulses), input.pulseBudgetMs, (boundary) => {
    planner.pulse(boundary - 1);
    let due = 0;
    boundaryPulseMs.push(timeSync(() => (due = planner.pulse(boundary).due.length)));
    boundaryDue.push(due);
  });

  const nextRunAllMs = timeSync(() => {
    const from = new Date(start);
    for (const task of tasks) task.nextRunAt(from);
  });

  return {
    count: input.count,
    created: input.count,
    readyMs: registerMs + planMs,
    registerMs,
    planMs,
    nextRunAllMs,
    firstPulseMs,
    heapPerTask: (after.heapUsed - baseline.heapUsed) / input.count,
    rssPerTask: (after.rss - baseline.rss) / input.count,
    idleCpuMsPerSecond,
    idlePulseMs,
    boundaryPulseMs,
    boundaryDue,
    rejected: { count: 0, example: null },
  };
});
