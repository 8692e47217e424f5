import { readFileSync } from 'node:fs';
import { TaskFinished } from '@monkeyslegion/scheduler-core';
import { afterEach, describe, expect, it } from 'vitest';
import { runHeartbeat } from '../../src/index.js';
import { createFixtureApp, type FixtureApp } from '../support/fixture-app.js';
import { ManualClock, openFixture, type OpenedFixture } from '../support/open-fixture.js';
import { waitFor } from '../support/wait-for.js';

const NOW = new ManualClock(Date.parse('2026-03-02T10:00:30.000Z'));

describe('hook and event order, state and the running registry', () => {
  let app: FixtureApp;
  let opened: OpenedFixture | undefined;

  afterEach(async () => {
    await opened?.scheduler.close();
    opened = undefined;
    await app?.remove();
  });

  const sequence = async (tag: string) => {
    app = await createFixtureApp('heartbeat-app');
    opened = await openFixture(app, { clock: NOW });
    await runHeartbeat(opened.scheduler, { tags: [tag] });
    return opened.trace();
  };

  it('orders a successful run: before, TaskStarting, child, onSuccess, after, TaskFinished', async () => {
    expect(await sequence('life-success')).toEqual([
      'before life-success',
      'TaskStarting life-success',
      'child life-success',
      'onSuccess life-success',
      'after life-success success',
      'TaskFinished life-success success',
    ]);
  });

  it('orders a failed run: before, TaskStarting, child, onFailure, after, TaskFailed', async () => {
    expect(await sequence('life-failure')).toEqual([
      'before life-failure',
      'TaskStarting life-failure',
      'child life-failure',
      'onFailure life-failure failed',
      'after life-failure failed',
      'TaskFailed life-failure failed',
    ]);
  });

  it('orders a timed-out run like a failure, with status timeout', async () => {
    expect(await sequence('life-timeout')).toEqual([
      'before life-timeout',
      'TaskStarting life-timeout',
      'child life-timeout',
      'onFailure life-timeout timeout',
      'after life-timeout timeout',
      'TaskFailed life-timeout timeout',
    ]);
  });

  it('reports a filtered slot only as TaskSkipped: no hook runs and nothing is spawned', async () => {
    expect(await sequence('life-skip')).toEqual(['TaskSkipped life-skip filter']);
    expect(await opened!.scheduler.state.get('life-skip')).toMatchObject({ lastStatus: 'skipped', lastSkipReason: 'filter', lastRunAt: null, counters: { skipped: 1 } });
  });

  it('records throwing hooks and event listeners in lastHookErrors, runs everything else, and releases the lock', async () => {
    app = await createFixtureApp('heartbeat-app');
    opened = await openFixture(app, { clock: NOW });
    opened.scheduler.app.events.on(TaskFinished, () => {
      throw new Error('listener broke');
    });
    const report = await runHeartbeat(opened.scheduler, { tags: ['hook-errors'] });

    const expected = [
      'before hook #1 threw: before broke',
      'onSuccess hook #1 threw: onSuccess broke',
      'after hook #1 threw: after broke',
      'TaskFinished listener threw: listener broke',
    ];
    expect(report.outcomes).toEqual([expect.objectContaining({ kind: 'ran', hookErrors: expected })]);
    expect(opened.trace()).toEqual(['TaskStarting hook-errors', 'child hook-errors', 'TaskFinished hook-errors success']);
    expect(await opened.scheduler.state.get('hook-errors')).toMatchObject({ lastStatus: 'success', lastHookErrors: expected });
    expect(await opened.scheduler.locks.list('overlap:')).toEqual([]);
    expect(opened.logs.filter((line) => line.level === 50 && String(line.msg).includes('threw')).map((line) => line.msg)).toEqual(expected);
  });

  it('still runs and records a task whose output file cannot be written, and reports why', async () => {
    app = await createFixtureApp('heartbeat-app');
    app.touch('blocker');
    opened = await openFixture(app, { clock: NOW });
    const report = await runHeartbeat(opened.scheduler, { tags: ['output-file'] });

    expect(report.outcomes).toEqual([expect.objectContaining({ kind: 'ran', result: expect.objectContaining({ status: 'success', outputTail: 'to the file' }) })]);
    const state = await opened.scheduler.state.get('output-file');
    expect(state.lastStatus).toBe('success');
    expect(state.lastHookErrors).toEqual([expect.stringMatching(/^output file ".*blocker\/out\.log" could not be written: .*(ENOTDIR|EEXIST)/)]);
    expect(opened.trace()).toEqual(['TaskStarting output-file', 'child output-file', 'TaskFinished output-file success']);
  });

  it('keeps each task state and the running registry right through success, crash and timeout', async () => {
    app = await createFixtureApp('heartbeat-app');
    opened = await openFixture(app, { clock: NOW });
    const { scheduler } = opened;
    const heartbeat = runHeartbeat(scheduler, { tags: ['state'] });

    const running = await waitFor('three registered runs', async () => {
      const entries = await scheduler.running.list();
      return entries.length === 3 && app.exists('state-ok.pid') && app.exists('state-crash.pid') && app.exists('state-timeout.pid') ? entries : undefined;
    });
    const pidOf = (name: string) => Number(readFileSync(app.file(`${name}.pid`), 'utf8'));
    expect(Object.fromEntries(running.map((entry) => [entry.taskId, entry.pid]))).toEqual({
      'state-ok': pidOf('state-ok'),
      'state-crash': pidOf('state-crash'),
      'state-timeout': pidOf('state-timeout'),
    });
    for (const entry of running) {
      expect(entry).toMatchObject({ host: 'test-host', schedulerPid: process.pid, scheduledAt: '2026-03-02T10:00:00.000Z' });
      expect(await scheduler.running.findByPid(entry.pid, 'test-host')).toEqual(entry);
    }

    app.touch('state-ok.go');
    app.touch('state-crash.go');
    const report = await heartbeat;
    expect(await scheduler.running.list()).toEqual([]);

    const runIds = Object.fromEntries(report.outcomes.map((outcome) => [outcome.task.id, outcome.kind === 'ran' ? outcome.result.runId : null]));
    const states = await scheduler.state.getMany(['state-ok', 'state-crash', 'state-timeout']);
    expect(states.get('state-ok')).toMatchObject({
      lastStatus: 'success',
      lastExitCode: 0,
      lastSignal: null,
      lastError: null,
      lastRunId: runIds['state-ok'],
      lastScheduledAt: '2026-03-02T10:00:00.000Z',
      lastOutputTail: 'finished',
      counters: { success: 1, failed: 0, timeout: 0, interrupted: 0, skipped: 0 },
    });
    expect(states.get('state-crash')).toMatchObject({ lastStatus: 'failed', lastExitCode: 2, lastError: 'exited with code 2', lastRunId: runIds['state-crash'], counters: { failed: 1 } });
    expect(states.get('state-timeout')).toMatchObject({
      lastStatus: 'timeout',
      lastExitCode: null,
      lastSignal: 'SIGTERM',
      lastError: 'timed out after 2000 ms',
      lastRunId: runIds['state-timeout'],
      counters: { timeout: 1 },
    });
    // The child cannot end before the timeout killed it: a lower bound, not a timing assumption.
    expect(states.get('state-timeout')!.lastDurationMs).toBeGreaterThanOrEqual(2000);
    for (const state of states.values()) {
      expect(Date.parse(state.lastFinishedAt!) - Date.parse(state.lastRunAt!)).toBe(state.lastDurationMs);
    }
  });
});
