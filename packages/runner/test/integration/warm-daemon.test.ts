import { readFileSync } from 'node:fs';
import { ConfigurationError } from '@monkeyslegion/scheduler-core';
import type { FailureLog } from '@monkeyslegion/scheduler-drivers';
import { afterEach, describe, expect, it } from 'vitest';
import { Daemon, interruptRun, pushRun } from '../../src/index.js';
import { startDaemon, type RunningDaemon } from '../support/daemon-runner.js';
import { createFixtureApp, type FixtureApp } from '../support/fixture-app.js';
import { openFixture, type OpenedFixture } from '../support/open-fixture.js';
import { isProcessRunning } from '../support/processes.js';
import { startSchedulerProcess, type SchedulerProcess } from '../support/scheduler-process.js';
import { waitFor } from '../support/wait-for.js';
import { warmChildrenOf, warmShellsIn } from '../support/warm-children.js';

describe('the daemon keeps a warm pool and never leaves a warm child behind', () => {
  let app: FixtureApp | undefined;
  let opened: OpenedFixture | undefined;
  let daemon: RunningDaemon | undefined;
  let worker: SchedulerProcess | undefined;

  afterEach(async () => {
    await daemon?.stop();
    daemon = undefined;
    worker?.child.kill('SIGKILL');
    await worker?.exited;
    worker = undefined;
    await opened?.scheduler.close();
    opened = undefined;
    if (app) await waitFor('no warm child left', () => warmChildrenOf(app!.configFile).length === 0, 10_000);
    await app?.remove();
    app = undefined;
  });

  const warmCount = (count: number) => waitFor(`${count} warm children`, () => warmChildrenOf(app!.configFile).length === count && warmChildrenOf(app!.configFile), 60_000);

  it('keeps warmChildren children booted and ends them all when it stops', async () => {
    app = await createFixtureApp('daemon-app');
    opened = await openFixture(app);
    daemon = startDaemon(opened, { tags: ['none'], warmChildren: 2 });
    const children = await warmCount(2);
    await daemon.stop();
    daemon = undefined;
    expect(children.filter(isProcessRunning)).toEqual([]);
    expect(warmChildrenOf(app.configFile)).toEqual([]);
  });

  it('runs a pushed closure in a warm child, and an operator interrupts it like a cold one', async () => {
    app = await createFixtureApp('daemon-app');
    opened = await openFixture(app);
    const { scheduler } = opened;
    daemon = startDaemon(opened, { tags: ['none'], warmChildren: 1 });
    const [warmPid] = await warmCount(1);
    await waitFor('the warm child to be ready', () => opened!.logs.some((line) => line.msg === 'warm child ready' && line.warmChildPid === warmPid), 60_000);
    await pushRun(scheduler, { taskId: 'node-hold', payload: { why: 'interrupt me' } });
    const pid = Number(await waitFor('the task to start', () => app!.exists('node-hold.pid') && readFileSync(app!.file('node-hold.pid'), 'utf8').trim()));
    expect(pid).toBe(warmPid);
    await waitFor('the task in the running registry', async () => (await scheduler.running.findByPid(pid, scheduler.host)) !== undefined);
    expect((await scheduler.locks.list('overlap:')).map((lock) => lock.key)).toEqual(['overlap:node-hold']);

    const operator = await openFixture(app);
    const report = await interruptRun(operator.scheduler, pid, { graceMs: 10_000 }).finally(() => operator.scheduler.close());
    expect(report).toMatchObject({ killed: false, run: { taskId: 'node-hold', pid } });
    await waitFor('the run to be recorded', () => opened!.trace().includes('TaskFailed node-hold interrupted'));
    expect(await scheduler.state.get('node-hold')).toMatchObject({ lastStatus: 'interrupted', counters: { interrupted: 1, success: 0 } });
    expect(await scheduler.locks.list('overlap:')).toEqual([]);
    const failures = await waitFor('the pushed run to be failed', async () => {
      const list = await (scheduler.driver as unknown as FailureLog).failures();
      return list.length > 0 ? list : undefined;
    });
    expect(failures).toEqual([expect.objectContaining({ taskId: 'node-hold', reason: expect.stringMatching(/ interrupted: interrupted$/) })]);
    // The pool replaced the child it gave away.
    const [replacement] = await warmCount(1);
    expect(replacement).not.toBe(warmPid);
  });

  it('runs a pushed shell command in a warm shell under its pid, and keeps the pool full until it stops', async () => {
    app = await createFixtureApp('daemon-app');
    opened = await openFixture(app);
    daemon = startDaemon(opened, { tags: ['none'], warmChildren: 2 });
    const waiting = await waitFor('2 warm shells', () => warmShellsIn(app!.dir).length === 2 && warmShellsIn(app!.dir), 10_000);
    await pushRun(opened.scheduler, { taskId: 'hold', payload: { it: "'s warm" } });
    const pid = Number(await waitFor('the command to start', () => app!.exists('hold.pid') && readFileSync(app!.file('hold.pid'), 'utf8').trim()));
    expect(waiting).toContain(pid);
    await waitFor('the pool refilled', () => warmShellsIn(app!.dir).length === 2 && !warmShellsIn(app!.dir).includes(pid), 10_000);
    await waitFor('the run to finish', () => opened!.trace().includes('TaskFinished hold success'), 10_000);
    expect(app.lines('hold.log')).toEqual(['{"it":"\'s warm"}']);
    await daemon.stop();
    daemon = undefined;
    expect(warmShellsIn(app.dir)).toEqual([]);
  });

  it('leaves no warm child or shell behind when its daemon process drains on SIGTERM or is killed outright', async () => {
    app = await createFixtureApp('daemon-app');
    worker = startSchedulerProcess('daemon', app, { LEGION_TEST_TAGS: 'none', LEGION_WARM_CHILDREN: '2' });
    const shells = () => waitFor('2 warm shells', () => warmShellsIn(app!.dir).length === 2 && warmShellsIn(app!.dir), 10_000);
    const drained = [...(await warmCount(2)), ...(await shells())];
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toMatchObject({ code: 0, signal: null });
    expect(drained.filter(isProcessRunning)).toEqual([]);

    // Killed with no chance to clean up: each waiting child sees its stdin close and exits by itself.
    worker = startSchedulerProcess('daemon', app, { LEGION_TEST_TAGS: 'none', LEGION_WARM_CHILDREN: '2' });
    const orphans = [...(await warmCount(2)), ...(await shells())];
    worker.child.kill('SIGKILL');
    await worker.exited;
    await waitFor('the orphaned warm children and shells to exit', () => orphans.filter(isProcessRunning).length === 0, 10_000);
  });

  it('spawns no warm child with warmChildren 0 or without a closure or class to serve, and refuses a size that is not a small integer', async () => {
    app = await createFixtureApp('daemon-app');
    opened = await openFixture(app);
    daemon = startDaemon(opened, { tags: ['none'], warmChildren: 0 });
    await daemon.settle(2);
    expect(warmChildrenOf(app.configFile)).toEqual([]);
    await daemon.stop();
    // Only shell commands scheduled and no pushed runs served: nothing a warm child could run.
    daemon = startDaemon(opened, { tags: ['clock'], servePushed: false, warmChildren: 2, sleepMs: 50 });
    await daemon.settle(4);
    expect(warmChildrenOf(app.configFile)).toEqual([]);
    expect(() => new Daemon(opened!.scheduler, { warmChildren: -1 })).toThrow(ConfigurationError);
    expect(() => new Daemon(opened!.scheduler, { warmChildren: 1.5 })).toThrow('Daemon: warmChildren must be an integer from 0 to 64, got "1.5"');
  });
});
