import type { FailureLog } from '@monkeyslegion/scheduler-drivers';
import { afterEach, describe, expect, it } from 'vitest';
import { pushRun } from '../../src/index.js';
import { createFixtureApp, type FixtureApp } from '../support/fixture-app.js';
import { startDaemon, type RunningDaemon } from '../support/daemon-runner.js';
import { openFixture, type OpenedFixture } from '../support/open-fixture.js';
import { waitFor } from '../support/wait-for.js';

const emptyQueue = { pending: 0, delayed: 0, inFlight: 0 };

describe('pushed runs through the daemon (embedded SQLite driver)', () => {
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

  const open = async () => {
    app = await createFixtureApp('daemon-app');
    opened = await openFixture(app);
    return opened.scheduler;
  };

  it('hands the payload to a closure as ctx.payload and to a command as LEGION_PAYLOAD, then acks both', async () => {
    const scheduler = await open();
    daemon = startDaemon(opened!, { tags: ['none'] });
    const payload = { invoiceId: 42, lines: ['a', 'b'], note: "it's \"quoted\" $HOME `x`" };
    await pushRun(scheduler, { taskId: 'payload-closure', payload });
    await pushRun(scheduler, { taskId: 'payload-command', payload });

    await waitFor('both pushed runs', () => app!.lines('payload-closure.log').length === 1 && app!.lines('payload-command.log').length === 1);
    expect(JSON.parse(app!.lines('payload-closure.log')[0]!)).toEqual(payload);
    expect(JSON.parse(app!.lines('payload-command.log')[0]!)).toEqual(payload);
    await waitFor('the queue to empty', async () => (await scheduler.driver.stats()).inFlight === 0 || undefined);
    expect(await scheduler.driver.stats()).toEqual({ ...emptyQueue, failed: 0 });
    expect((await scheduler.state.get('payload-command')).counters.success).toBe(1);
  });

  it('fails a pushed run of an unknown task without executing anything', async () => {
    const scheduler = await open();
    daemon = startDaemon(opened!, { tags: ['none'] });
    // Straight into the queue: pushRun() would refuse the id before queueing it.
    const id = await scheduler.driver.push({ taskId: 'no-such-task', payload: { n: 1 } });

    const failures = await waitFor('the run to be failed', async () => {
      const list = await (scheduler.driver as unknown as FailureLog).failures();
      return list.length > 0 ? list : undefined;
    });
    expect(failures).toEqual([expect.objectContaining({ id, taskId: 'no-such-task', reason: 'unknown task id "no-such-task"; nothing was executed' })]);
    expect(await scheduler.driver.stats()).toEqual({ ...emptyQueue, failed: 1 });
    expect(opened!.trace()).toEqual([]);
    expect(opened!.logs.some((line) => line.level === 50 && String(line.msg).startsWith('pushed run rejected: unknown task id'))).toBe(true);
  });

  it('runs pushed runs of a task without overlap one after the other, none lost and none reported skipped', async () => {
    const scheduler = await open();
    for (let index = 1; index <= 5; index++) await pushRun(scheduler, { taskId: 'serial', payload: index });
    daemon = startDaemon(opened!, { tags: ['none'] });

    await waitFor('five runs', () => app!.lines('serial.log').length === 10);
    const lines = app!.lines('serial.log');
    for (let index = 0; index < lines.length; index += 2) {
      const [started, ended] = [lines[index]!.split(' '), lines[index + 1]!.split(' ')];
      expect([started[0], ended[0], ended[1]]).toEqual(['start', 'end', started[1]]);
    }
    expect(lines.filter((line) => line.startsWith('start')).map((line) => Number(line.split(' ')[1])).sort()).toEqual([1, 2, 3, 4, 5]);
    await waitFor('the queue to empty', async () => (await scheduler.driver.stats()).inFlight === 0 || undefined);
    expect(await scheduler.driver.stats()).toEqual({ ...emptyQueue, failed: 0 });
    // Waiting for the overlap lock postpones a pushed run; it is not a skipped slot.
    expect(await scheduler.state.get('serial')).toMatchObject({ lastStatus: 'success', counters: { success: 5, skipped: 0 } });
    expect(daemon.skips).toEqual([]);
  });

  it('sleeps while every claim slot is busy instead of spinning on runs it has no room for', async () => {
    const scheduler = await open();
    daemon = startDaemon(opened!, { tags: ['none'], maxConcurrentPushed: 1 });
    await pushRun(scheduler, { taskId: 'hold', payload: 1 });
    await pushRun(scheduler, { taskId: 'hold', payload: 2 });
    await waitFor('the first run to start', () => app!.exists('hold.pid'));
    const pulsesAtStart = daemon.pulses();

    await waitFor('both runs', () => app!.lines('hold.log').length === 2);
    // Each run sleeps 2 s: at one pulse a second (plus a wake-up per finished run) that is a handful of
    // pulses; a loop spinning on the ready-but-unclaimable run makes thousands.
    expect(daemon.pulses() - pulsesAtStart).toBeLessThan(30);
    expect(app!.lines('hold.log')).toEqual(['1', '2']);
  });
});
