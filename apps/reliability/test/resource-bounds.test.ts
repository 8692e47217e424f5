import { CronExpression } from '@monkeyslegion/scheduler-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppFolder, type AppFolder } from '../src/process/app-folder.js';
import { runHarness } from '../src/process/run-harness.js';
import { reliabilityProfile } from '../src/profile/reliability-profile.js';
import { memoryTrend, type MemorySample, type MemoryTrend } from '../src/results/memory-trend.js';
import { recordFigures } from '../src/results/record-figures.js';

/*
 * Scenario 6: resource bounds over a simulated day.
 * (a) A real daemon process with 1,000 tasks on the embedded default, its injected clock running about
 *     2,400 times faster than the real one, runs every due task as a real `true` child process through
 *     the whole run path (claims, overlap lock, spawn, state) for 24 simulated hours.
 * (b) The daemon's own SlotPlanner plans 1,000 tasks (20 every second) through 24 h in one-second pulses
 *     and records every due slot through TaskRunner's state path (no processes): millions of slots.
 * Both sample memory after a forced GC every simulated hour. Expected: flat heap (no growth per run or
 * per slot), state bounded by the number of tasks, nothing missed.
 */
const profile = reliabilityProfile();
const { resources } = profile;
const SIM_START = '2026-03-02T00:00:00.000Z';
const SPEED = 2400;
const MB = 1024 * 1024;

interface DaemonReport {
  report: { dispatched: number; missed: number; stoppedAtShutdown: number };
  counts: { finished: number; failed: number; skipped: Record<string, number> };
  samples: MemorySample[];
  realMs: number;
}

interface PlannerReport {
  due: number;
  missed: number;
  events: number;
  cacheKeys: number;
  samples: MemorySample[];
  realMs: number;
}

const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;
const describeTrend = (trend: MemoryTrend) => ({
  rssWarmMb: mb(trend.warm.rss),
  rssEndMb: mb(trend.end.rss),
  rssPeakMb: mb(trend.rssPeak),
  heapWarmMb: mb(trend.warm.heapUsed),
  heapEndMb: mb(trend.end.heapUsed),
  heapPeakMb: mb(trend.heapPeak),
  heapSlopeKbPerHour: Math.round(trend.heapSlopePerHour / 1024),
});

describe(`a daemon with ${resources.tasks} real tasks through ${resources.simulatedHours} simulated hours`, () => {
  let app: AppFolder;
  let result: DaemonReport;
  let expectedSlots = 0;

  beforeAll(async () => {
    app = await createAppFolder('resource-app', { tasks: resources.tasks, hourly: resources.commandTasks });
    const start = Date.parse(SIM_START);
    const end = start + resources.simulatedHours * 3_600_000;
    for (let index = 0; index < resources.tasks; index++) {
      const minute = (index * 7) % 60;
      const hour = (index * 5) % 24;
      const cron = CronExpression.parse(index < resources.commandTasks ? `${minute} * * * *` : `${minute} ${hour} * * *`);
      for (let slot = cron.nextRunAt(new Date(start)).getTime(); slot <= end; slot = cron.nextRunAt(new Date(slot)).getTime()) expectedSlots++;
    }
    result = await runHarness<DaemonReport>('resource-daemon.mjs', app.dir, {
      RELIABILITY_APP_DIR: app.dir,
      RELIABILITY_SPEED: String(SPEED),
      RELIABILITY_SIM_START: SIM_START,
      RELIABILITY_SIM_HOURS: String(resources.simulatedHours),
    }, 600_000);
  }, 660_000);

  afterAll(async () => {
    await app?.remove();
  });

  it('runs every slot of the simulated day as a real process, none missed or failed', () => {
    const trend = memoryTrend(result.samples);
    recordFigures(profile, 'resourceDaemon', {
      tasks: resources.tasks,
      simulatedHours: resources.simulatedHours,
      speed: SPEED,
      realMs: result.realMs,
      expectedSlots,
      dispatched: result.report.dispatched,
      finished: result.counts.finished,
      failed: result.counts.failed,
      skipped: result.counts.skipped,
      missed: result.report.missed,
      ...describeTrend(trend),
    });
    expect(result.report.missed).toBe(0);
    expect(result.counts.failed).toBe(0);
    expect(result.report.dispatched).toBeGreaterThanOrEqual(expectedSlots);
    expect(result.counts.finished).toBe(result.report.dispatched);
  });

  it('keeps its heap flat: no growth per run', () => {
    const trend = memoryTrend(result.samples);
    // A leak of even 1 KB per run would add over a megabyte across these runs.
    expect(trend.end.heapUsed - trend.warm.heapUsed).toBeLessThan(4 * MB);
    expect(Math.abs(trend.heapSlopePerHour)).toBeLessThan(128 * 1024);
  });
});

describe(`the slot planner and state path with ${resources.tasks} tasks through ${resources.simulatedHours} simulated hours of one-second pulses`, () => {
  let result: PlannerReport;

  beforeAll(async () => {
    result = await runHarness<PlannerReport>('planner-soak.mjs', process.cwd(), {
      RELIABILITY_TASKS: String(resources.tasks),
      RELIABILITY_EVERY_SECOND: '20',
      RELIABILITY_SIM_HOURS: String(resources.simulatedHours),
      RELIABILITY_SIM_START: SIM_START,
    }, 600_000);
  }, 660_000);

  it('plans every slot, misses none, and keeps state bounded by the number of tasks', () => {
    const trend = memoryTrend(result.samples);
    recordFigures(profile, 'resourcePlanner', { tasks: resources.tasks, simulatedHours: resources.simulatedHours, slots: result.due, missed: result.missed, stateKeys: result.cacheKeys, realMs: result.realMs, ...describeTrend(trend) });
    // Slots in [start, end]: the planner starts at midnight, where every task has a slot.
    let expected = 20 * (resources.simulatedHours * 3600 + 1);
    for (let index = 20; index < resources.tasks; index++) expected += Math.ceil(60 / ((index % 60) + 1)) * resources.simulatedHours + 1;
    expect(result.due).toBe(expected);
    expect(result.events).toBe(result.due);
    expect(result.missed).toBe(0);
    // Per task: sequence, last skip and the skipped counter; never one key per slot.
    expect(result.cacheKeys).toBeLessThanOrEqual(resources.tasks * 3);
  });

  it('keeps its heap flat across millions of slots', () => {
    const trend = memoryTrend(result.samples);
    expect(trend.end.heapUsed - trend.warm.heapUsed).toBeLessThan(4 * MB);
    expect(Math.abs(trend.heapSlopePerHour)).toBeLessThan(128 * 1024);
  });
});
