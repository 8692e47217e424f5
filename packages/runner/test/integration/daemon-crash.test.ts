import { readFileSync } from 'node:fs';
import { isServiceAvailable, testDatabaseUrl, testRedisUrl, uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import type { DriverStats } from '@monkeyslegion/scheduler-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { TaskState } from '../../src/index.js';
import type { FixtureBackend } from '../fixtures/apps/backends.js';
import { createFixtureApp, type FixtureApp } from '../support/fixture-app.js';
import { startSchedulerProcess, type SchedulerProcess } from '../support/scheduler-process.js';
import { deleteRedisKeys, dropPostgresSchema } from '../support/services.js';
import { waitFor } from '../support/wait-for.js';

const RUNS = 1000;
const MAX_PUSHED = 8;
const redisUp = await isServiceAvailable('Redis', testRedisUrl());
const postgresUp = await isServiceAvailable('PostgreSQL', testDatabaseUrl());

// How many times each pushed payload (0..RUNS-1) was executed, from the side-effect file of the `bulk` task.
function executions(app: FixtureApp): Map<number, number> {
  const counts = new Map<number, number>();
  for (const line of app.lines('bulk.log')) counts.set(Number(line), (counts.get(Number(line)) ?? 0) + 1);
  return counts;
}

const backends: Array<{ backend: FixtureBackend; available: boolean }> = [
  { backend: 'embedded', available: true },
  { backend: 'postgres', available: postgresUp },
  { backend: 'redis', available: redisUp },
];

describe('pushed runs survive daemon crashes and are shared by daemons (real processes, 1,000 runs)', () => {
  let app: FixtureApp | undefined;
  let cleanup: (() => void) | undefined;
  const daemons: SchedulerProcess[] = [];

  afterEach(async () => {
    for (const daemon of daemons.splice(0)) {
      daemon.child.kill('SIGKILL');
      await daemon.exited;
    }
    cleanup?.();
    cleanup = undefined;
    await app?.remove();
    app = undefined;
  });

  const setUp = async (backend: FixtureBackend) => {
    const prefix = uniqueTestPrefix('runner');
    app = await createFixtureApp('daemon-app', { backend, prefix, redisUrl: testRedisUrl(), databaseUrl: testDatabaseUrl(), schema: prefix });
    if (backend === 'redis') cleanup = () => deleteRedisKeys(prefix);
    if (backend === 'postgres') cleanup = () => dropPostgresSchema(prefix);
  };
  // Pushing and inspecting also run in their own processes: see `startSchedulerProcess`.
  const inspect = async () => {
    const inspector = startSchedulerProcess('inspect', app!, { LEGION_TEST_STATE_TASKS: 'bulk' });
    const message = await inspector.message('inspected');
    await inspector.exited;
    return message as unknown as { stats: DriverStats; states: Record<string, TaskState> };
  };
  const daemon = (env: Record<string, string> = {}) => {
    const started = startSchedulerProcess('daemon', app!, { LEGION_TEST_TAGS: 'none', ...env });
    daemons.push(started);
    return started;
  };
  const stop = async (process: SchedulerProcess) => {
    process.child.kill('SIGTERM');
    const exit = await process.exited;
    expect(exit.code).toBe(0);
    // Up to 16 children listen to the daemon's stop signal at once: that must not look like a leak.
    expect(exit.stderr).not.toContain('MaxListenersExceededWarning');
    daemons.splice(daemons.indexOf(process), 1);
  };
  const pushAll = async () => {
    const pusher = startSchedulerProcess('push', app!, { LEGION_TEST_PUSH_TASK: 'bulk', LEGION_TEST_PUSH_COUNT: String(RUNS) });
    await pusher.message('pushed', 120_000);
    expect((await pusher.exited).code).toBe(0);
  };
  const queueIsEmpty = async () => {
    const { stats } = await inspect();
    return stats.pending === 0 && stats.delayed === 0 && stats.inFlight === 0 ? stats : undefined;
  };

  for (const { backend, available } of backends) {
    it.skipIf(!available)(`runs every one of ${RUNS} pushed runs at least once across a SIGKILL of the daemon (${backend})`, async () => {
      await setUp(backend);
      await pushAll();
      const visibility = { LEGION_TEST_VISIBILITY_MS: '3000', LEGION_TEST_MAX_PUSHED: String(MAX_PUSHED) };
      const first = daemon(visibility);
      await waitFor('a third of the runs', () => first.assertAlive() ?? app!.lines('bulk.log').length >= RUNS / 3, 120_000);
      first.child.kill('SIGKILL');
      expect((await first.exited).signal).toBe('SIGKILL');
      daemons.splice(daemons.indexOf(first), 1);

      // The runs the dead daemon held come back after their visibility timeout.
      const second = daemon(visibility);
      await waitFor('every run', () => second.assertAlive() ?? executions(app!).size === RUNS, 180_000);
      const stats = await waitFor('an empty queue', queueIsEmpty, 30_000, 500);
      await stop(second);

      const counts = executions(app!);
      expect([...counts.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: RUNS }, (_, index) => index));
      const repeated = [...counts].filter(([, count]) => count > 1);
      // Only runs in flight at the kill can run twice, and at most MAX_PUSHED were held at once.
      expect(repeated.length).toBeLessThanOrEqual(MAX_PUSHED);
      expect(repeated.every(([, count]) => count === 2)).toBe(true);
      expect(stats).toEqual({ pending: 0, delayed: 0, inFlight: 0, failed: 0 });
    }, 360_000);
  }

  for (const { backend, available } of backends.filter((entry) => entry.backend !== 'embedded')) {
    it.skipIf(!available)(`drains ${RUNS} pushed runs with two daemons sharing ${backend}, no run executed twice`, async () => {
      await setUp(backend);
      const both = [daemon(), daemon()];
      await Promise.all(both.map((process) => process.message('ready')));
      await pushAll();
      await waitFor('every run', () => both.forEach((process) => process.assertAlive()) ?? app!.lines('bulk.log').length >= RUNS, 180_000);
      const stats = await waitFor('an empty queue', queueIsEmpty, 30_000, 500);
      await Promise.all(both.map(stop));

      const counts = executions(app!);
      expect(counts.size).toBe(RUNS);
      expect([...counts.values()].every((count) => count === 1)).toBe(true);
      expect(app!.lines('bulk.log')).toHaveLength(RUNS);
      expect(stats).toEqual({ pending: 0, delayed: 0, inFlight: 0, failed: 0 });
      expect((await inspect()).states.bulk!.counters.success).toBe(RUNS);
      // Both daemons took a share: each logs the runs it executed.
      const shares = both.map((process) => readFileSync(app!.file(`scheduler-${process.pid}.log`), 'utf8').split('"msg":"task bulk success"').length - 1);
      expect(shares.reduce((sum, share) => sum + share, 0)).toBe(RUNS);
      expect(Math.min(...shares)).toBeGreaterThan(0);
    }, 360_000);
  }
});
