import { readFileSync, readdirSync } from 'node:fs';
import { isServiceAvailable, testRedisUrl, uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createFixtureApp, type FixtureApp } from '../support/fixture-app.js';
import { openFixture } from '../support/open-fixture.js';
import { isProcessRunning } from '../support/processes.js';
import { startSchedulerProcess } from '../support/scheduler-process.js';
import { deleteRedisKeys } from '../support/services.js';
import { waitFor } from '../support/wait-for.js';

const NOW = '2026-03-02T10:00:30.000Z';
const MB = 1024 * 1024;
const redisUp = await isServiceAvailable('Redis', testRedisUrl());

describe('heartbeat processes', () => {
  let app: FixtureApp | undefined;
  let prefix: string | undefined;

  afterEach(async () => {
    if (prefix) deleteRedisKeys(prefix);
    prefix = undefined;
    await app?.remove();
    app = undefined;
  });

  it('captures 200 MB of output with bounded scheduler memory and reports what it dropped', async () => {
    app = await createFixtureApp('heartbeat-app');
    const heartbeat = startSchedulerProcess('heartbeat', app, { LEGION_TEST_NOW: NOW, LEGION_TEST_TAGS: 'big-output', LEGION_TEST_SAMPLE_RSS: '1' }, ['--expose-gc']);
    const report = await heartbeat.message('report', 120_000);
    expect((await heartbeat.exited).code).toBe(0);

    expect(report.outcomes).toEqual([expect.objectContaining({ taskId: 'flood', status: 'success', exitCode: 0 })]);
    const [flood] = report.outcomes as Array<{ droppedBytes: number; tailBytes: number }>;
    // 200,000,000 bytes written; at most the 1 MiB output limit is kept.
    expect(flood!.droppedBytes).toBeGreaterThan(198_000_000);
    expect(flood!.tailBytes).toBeLessThanOrEqual(MB);
    const growth = (report.peakRss as number) - (report.baselineRss as number);
    expect(growth, `RSS grew by ${Math.round(growth / MB)} MB`).toBeLessThan(150 * MB);
    const log = readFileSync(app.file(`scheduler-${heartbeat.pid}.log`), 'utf8');
    expect(log).toMatch(/"msg":"output truncated: \d+ bytes dropped from memory/);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('stops its children gracefully on %s, records them interrupted, releases their locks and exits', async (signal) => {
    app = await createFixtureApp('heartbeat-app');
    // A huge kill grace: the children stop on SIGTERM, so the process must exit without waiting for it.
    const heartbeat = startSchedulerProcess('heartbeat', app, { LEGION_TEST_NOW: NOW, LEGION_TEST_TAGS: 'shutdown', LEGION_TEST_KILL_GRACE_MS: '600000' });
    await waitFor('both children to start', () => app!.exists('graceful.pid') && app!.exists('plain.pid'));
    const children = ['graceful.pid', 'plain.pid'].map((name) => Number(readFileSync(app!.file(name), 'utf8')));

    heartbeat.child.kill(signal);
    const report = await heartbeat.message('report');
    const exit = await heartbeat.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(report.outcomes).toEqual([
      expect.objectContaining({ taskId: 'graceful', status: 'interrupted' }),
      expect.objectContaining({ taskId: 'plain', status: 'interrupted', signal: 'SIGTERM' }),
    ]);
    // The closure saw ctx.signal abort and finished on its own terms.
    expect(readFileSync(app.file('graceful.stopped'), 'utf8')).toBe('stopped gracefully');
    expect(children.filter(isProcessRunning)).toEqual([]);

    const opened = await openFixture(app);
    try {
      const states = await opened.scheduler.state.getMany(['graceful', 'plain']);
      expect([...states.values()].map((state) => [state.taskId, state.lastStatus, state.counters.interrupted])).toEqual([
        ['graceful', 'interrupted', 1],
        ['plain', 'interrupted', 1],
      ]);
      expect(await opened.scheduler.locks.list('overlap:')).toEqual([]);
      expect(await opened.scheduler.running.list()).toEqual([]);
    } finally {
      await opened.scheduler.close();
    }
  });

  describe.skipIf(!redisUp)('two hosts sharing Redis', () => {
    it('runs an onOneServer task once per slot across two heartbeat processes, and other tasks on both', async () => {
      prefix = uniqueTestPrefix('runner');
      app = await createFixtureApp('heartbeat-app', { backend: 'redis', redisUrl: testRedisUrl(), prefix });
      const hosts = ['host-a', 'host-b'];
      const heartbeats = hosts.map((host) => startSchedulerProcess('heartbeat', app!, { LEGION_TEST_NOW: NOW, LEGION_TEST_TAGS: 'cluster', LEGION_HOST: host }));
      const reports = await Promise.all(heartbeats.map((heartbeat) => heartbeat.message('report')));
      await Promise.all(heartbeats.map((heartbeat) => heartbeat.exited));

      const slot = '2026-03-02T10:00:00.000Z';
      expect(app.lines('one-server.log')).toHaveLength(1);
      expect(app.lines('one-server.log')[0]).toMatch(new RegExp(`^host-[ab] ${slot}$`));
      expect(app.lines('everywhere.log').sort()).toEqual([`host-a ${slot}`, `host-b ${slot}`]);
      const oneServer = reports.flatMap((report) => (report.outcomes as Array<{ taskId: string; kind: string; reason?: string }>).filter((outcome) => outcome.taskId === 'one-server'));
      expect(oneServer.map((outcome) => outcome.reason ?? outcome.kind).sort()).toEqual(['one-server', 'ran']);
      expect(readdirSync(app.dir).filter((name) => name === '.legion')).toEqual([]);
    });
  });
});
