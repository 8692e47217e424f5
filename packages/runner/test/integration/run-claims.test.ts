import { TaskSkipped, type LockProvider } from '@monkeyslegion/scheduler-core';
import { acquireOverlapLock, claimSlot } from '@monkeyslegion/scheduler-locks';
import { afterEach, describe, expect, it } from 'vitest';
import { TaskRunner, type RunOutcome } from '../../src/index.js';
import { createFixtureApp, type FixtureApp } from '../support/fixture-app.js';
import { openFixture, type OpenedFixture } from '../support/open-fixture.js';

const SLOT = new Date('2026-03-02T10:00:00.000Z');
const HOLD_MS = 300_000;
const OTHER = { host: 'other-host', pid: 1, runId: 'another-run' };

describe('claims taken together: host claim, cluster claim and overlap lock', () => {
  let app: FixtureApp | undefined;
  let opened: OpenedFixture | undefined;

  afterEach(async () => {
    await opened?.scheduler.close();
    opened = undefined;
    await app?.remove();
    app = undefined;
  });

  const open = async () => {
    app = await createFixtureApp('heartbeat-app');
    opened = await openFixture(app);
    const skips: TaskSkipped[] = [];
    opened.scheduler.app.events.on(TaskSkipped, (event) => skips.push(event));
    return { scheduler: opened.scheduler, skips };
  };
  const scheduled = (runner: TaskRunner, taskId: string): Promise<RunOutcome> =>
    runner.run({ task: opened!.scheduler.app.registry.get(taskId), scheduledAt: SLOT, trigger: 'schedule', claimHostSlot: true });
  const keys = async (prefix: string) => (await opened!.scheduler.locks.list(prefix)).map((lock) => lock.key);
  const claim = (taskId: string, scope: 'host' | 'cluster') => claimSlot(opened!.scheduler.locks, { taskId, slot: SLOT, scope, host: 'test-host', holdMs: HOLD_MS, owner: OTHER });

  it('takes no overlap lock when the host claim is lost, and reports the skip once', async () => {
    const { scheduler, skips } = await open();
    expect(await claim('per-host', 'host')).toBe(true);
    const outcome = await scheduled(scheduler.runner, 'per-host');

    expect(outcome).toMatchObject({ kind: 'skipped', reason: 'already-ran' });
    expect(skips.map((skip) => [skip.task.id, skip.reason])).toEqual([['per-host', 'already-ran']]);
    expect(await keys('overlap:')).toEqual([]);
    expect(app!.lines('per-host.log')).toEqual([]);
  });

  it('never takes the cluster claim of a slot this host already ran, so another server can still run it', async () => {
    const { scheduler, skips } = await open();
    expect(await claim('one-server', 'host')).toBe(true);
    expect(await scheduled(scheduler.runner, 'one-server')).toMatchObject({ kind: 'skipped', reason: 'already-ran' });
    expect(await keys('slot:cluster:')).toEqual([]);
    expect(await keys('overlap:')).toEqual([]);
    expect(skips).toHaveLength(1);
  });

  it('keeps the host claim and releases the overlap lock when another server holds the cluster claim', async () => {
    const { scheduler, skips } = await open();
    expect(await claim('one-server', 'cluster')).toBe(true);
    const outcome = await scheduled(scheduler.runner, 'one-server');

    expect(outcome).toMatchObject({ kind: 'skipped', reason: 'one-server' });
    expect(skips.map((skip) => skip.reason)).toEqual(['one-server']);
    expect(await keys('overlap:')).toEqual([]);
    // Slot claims are never released early: this host's claim stays, so a second pulse skips at once.
    expect(await keys('slot:host:')).toEqual([`slot:host:test-host:one-server:${SLOT.toISOString()}`]);
    expect(await scheduled(scheduler.runner, 'one-server')).toMatchObject({ kind: 'skipped', reason: 'already-ran' });
  });

  it('records one overlapping skip, and keeps the host claim, when the previous run still holds the lock', async () => {
    const { scheduler, skips } = await open();
    const held = await acquireOverlapLock(scheduler.locks, scheduler.app.registry.get('per-host'), OTHER);
    expect(held).not.toBeNull();
    try {
      expect(await scheduled(scheduler.runner, 'per-host')).toMatchObject({ kind: 'skipped', reason: 'overlapping' });
      expect(skips.map((skip) => skip.reason)).toEqual(['overlapping']);
      expect(await scheduler.state.get('per-host')).toMatchObject({ lastStatus: 'skipped', lastSkipReason: 'overlapping', counters: { skipped: 1 } });
      expect(await keys('slot:host:')).toHaveLength(1);
      expect((await scheduler.locks.list('overlap:')).map((lock) => lock.owner?.runId)).toEqual(['another-run']);
    } finally {
      await held!.release();
    }
  });

  it('fails closed on a lock store that cannot claim slots, releasing the overlap lock it did take', async () => {
    const { scheduler, skips } = await open();
    // The real file lock store, refusing slot claims the way an unreachable Redis would.
    const failing: LockProvider = {
      name: 'failing-slots',
      acquire: (key, ttlMs, owner) => (key.startsWith('slot:') ? Promise.reject(new Error('store unreachable')) : scheduler.locks.acquire(key, ttlMs, owner)),
      forceRelease: (key) => scheduler.locks.forceRelease(key),
      list: (prefix) => scheduler.locks.list(prefix),
      close: async () => undefined,
    };
    const runner = new TaskRunner({ ...scheduler, config: scheduler.app.config, events: scheduler.app.events, logger: scheduler.app.logger, locks: failing });
    const outcome = await scheduled(runner, 'per-host');

    expect(outcome).toMatchObject({ kind: 'skipped', reason: 'lock-unavailable', detail: 'slot claim unavailable: store unreachable' });
    expect(skips.map((skip) => skip.reason)).toEqual(['lock-unavailable']);
    expect(await keys('overlap:')).toEqual([]);
    expect(app!.lines('per-host.log')).toEqual([]);
  });

  it('runs and releases everything when every claim is won', async () => {
    const { scheduler, skips } = await open();
    expect(await scheduled(scheduler.runner, 'one-server')).toMatchObject({ kind: 'ran', result: { status: 'success' } });
    expect(skips).toEqual([]);
    expect(await keys('overlap:')).toEqual([]);
    expect((await keys('slot:')).sort()).toEqual([`slot:cluster:one-server:${SLOT.toISOString()}`, `slot:host:test-host:one-server:${SLOT.toISOString()}`]);
  });
});
