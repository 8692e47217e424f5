import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { FailureLog } from '@monkeyslegion/scheduler-drivers';
import { afterEach, describe, expect, it } from 'vitest';
import { InterruptRefusedError, interruptRun, pushRun } from '../../src/index.js';
import { createFixtureApp, type FixtureApp } from '../support/fixture-app.js';
import { startDaemon, type RunningDaemon } from '../support/daemon-runner.js';
import { openFixture, type OpenedFixture } from '../support/open-fixture.js';
import { isProcessRunning } from '../support/processes.js';
import { startSchedulerProcess } from '../support/scheduler-process.js';
import { waitFor } from '../support/wait-for.js';

describe('steering a running daemon: interrupts and graceful shutdown', () => {
  let app: FixtureApp | undefined;
  let opened: OpenedFixture | undefined;
  let daemon: RunningDaemon | undefined;

  afterEach(async () => {
    await daemon?.stop();
    daemon = undefined;
    await opened?.scheduler.close();
    opened = undefined;
    await app?.remove();
    app = undefined;
  });

  it.each([
    ['long', 'a shell that dies of SIGTERM'],
    ['polite', 'a shell that traps SIGTERM and exits 0'],
  ])('interrupts one running task (%s: %s), records it interrupted, frees its lock, and keeps firing other tasks', async (taskId) => {
    app = await createFixtureApp('daemon-app');
    opened = await openFixture(app);
    const { scheduler } = opened;
    daemon = startDaemon(opened, { tags: ['ticker'] });
    await pushRun(scheduler, { taskId, payload: { why: 'interrupt me' } });
    const pid = Number(await waitFor('the task to start', () => app!.exists(`${taskId}.pid`) && readFileSync(app!.file(`${taskId}.pid`), 'utf8').trim()));
    await waitFor('the task in the running registry', async () => (await scheduler.running.findByPid(pid, scheduler.host)) !== undefined);
    expect((await scheduler.locks.list('overlap:')).map((lock) => lock.key)).toEqual([`overlap:${taskId}`]);

    // Like `legion schedule:interrupt`: another scheduler instance on the same host and stores.
    const operator = await openFixture(app);
    const report = await interruptRun(operator.scheduler, pid, { graceMs: 10_000 }).finally(() => operator.scheduler.close());
    expect(report).toMatchObject({ killed: false, run: { taskId, pid } });
    await waitFor('the run to be recorded', () => opened!.trace().includes(`TaskFailed ${taskId} interrupted`));
    expect(isProcessRunning(pid)).toBe(false);
    expect(await scheduler.state.get(taskId)).toMatchObject({ lastStatus: 'interrupted', lastError: 'interrupted', counters: { interrupted: 1, success: 0, failed: 0 } });
    expect(await scheduler.locks.list('overlap:')).toEqual([]);
    expect(await scheduler.running.findByPid(pid, scheduler.host)).toBeUndefined();

    // An operator's stop is final: the pushed run is failed, not delivered again.
    const failures = await waitFor('the pushed run to be failed', async () => {
      const list = await (scheduler.driver as unknown as FailureLog).failures();
      return list.length > 0 ? list : undefined;
    });
    expect(failures).toEqual([expect.objectContaining({ taskId, reason: expect.stringMatching(/ interrupted: interrupted$/) })]);

    const ticks = app.lines('ticker.log').length;
    await waitFor('two more ticks', () => app!.lines('ticker.log').length >= ticks + 2);
  });

  it('refuses to signal a process that is not one of its running tasks, and leaves it alone', async () => {
    app = await createFixtureApp('daemon-app');
    opened = await openFixture(app);
    const bystander = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await expect(interruptRun(opened.scheduler, process.pid)).rejects.toThrow(InterruptRefusedError);
      await expect(interruptRun(opened.scheduler, process.pid)).rejects.toThrow(`Interrupt: refusing pid "${process.pid}": that is this command itself`);
      await expect(interruptRun(opened.scheduler, bystander.pid!)).rejects.toThrow(/no running task of this scheduler has that pid on host test-host/);
      expect(isProcessRunning(bystander.pid!)).toBe(true);
    } finally {
      bystander.kill('SIGKILL');
    }
  });

  it('drains on SIGTERM: the running task completes within the grace period, its state is recorded and the daemon exits 0', async () => {
    app = await createFixtureApp('daemon-app', { shutdownGraceMs: 20_000 });
    const process = startSchedulerProcess('daemon', app, { LEGION_TEST_TAGS: 'drain' });
    await waitFor('the five-second task to start', () => app!.lines('five-seconds.log').includes('started'));
    process.child.kill('SIGTERM');
    const report = await process.message('report');
    expect(await process.exited).toMatchObject({ code: 0, signal: null });

    expect(report).toMatchObject({ dispatched: 1, stoppedAtShutdown: 0 });
    expect(app.lines('five-seconds.log')).toEqual(['started', 'finished']);
    opened = await openFixture(app);
    expect(await opened.scheduler.state.get('five-seconds')).toMatchObject({ lastStatus: 'success', counters: { success: 1 } });
    expect(await opened.scheduler.locks.list('overlap:')).toEqual([]);
    expect(await opened.scheduler.running.list()).toEqual([]);
  });

  it('stops a task that outlives the grace period, records it interrupted and still exits 0', async () => {
    app = await createFixtureApp('daemon-app', { shutdownGraceMs: 500 });
    const process = startSchedulerProcess('daemon', app, { LEGION_TEST_TAGS: 'drain' });
    await waitFor('the five-second task to start', () => app!.lines('five-seconds.log').includes('started'));
    process.child.kill('SIGTERM');
    const report = await process.message('report');
    expect(await process.exited).toMatchObject({ code: 0, signal: null });

    expect(report).toMatchObject({ dispatched: 1, stoppedAtShutdown: 1 });
    expect(app.lines('five-seconds.log')).toEqual(['started']);
    opened = await openFixture(app);
    expect(await opened.scheduler.state.get('five-seconds')).toMatchObject({ lastStatus: 'interrupted', lastSignal: 'SIGTERM', counters: { interrupted: 1 } });
    expect(await opened.scheduler.locks.list('overlap:')).toEqual([]);
  });
});
