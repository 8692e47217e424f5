import { afterEach, describe, expect, it } from 'vitest';
import { runHeartbeat, runTaskNow } from '../../src/index.js';
import { createFixtureApp, type FixtureApp } from '../support/fixture-app.js';
import { ManualClock, openFixture, type OpenedFixture } from '../support/open-fixture.js';
import { waitFor } from '../support/wait-for.js';

const MINUTE_ONE = '2026-03-02T10:00:30.000Z';
const MINUTE_TWO = '2026-03-02T10:01:30.000Z';

describe('heartbeat concurrency, overlap and slot claims (real child processes)', () => {
  let app: FixtureApp;
  let opened: OpenedFixture | undefined;

  afterEach(async () => {
    await opened?.scheduler.close();
    opened = undefined;
    await app?.remove();
  });

  it('lets a quick task start and finish while a slow task of the same heartbeat is still running', async () => {
    app = await createFixtureApp('heartbeat-app');
    opened = await openFixture(app, { clock: new ManualClock(Date.parse(MINUTE_ONE)) });
    const report = await runHeartbeat(opened.scheduler, { tags: ['concurrency'] });

    expect(report.outcomes.map((outcome) => [outcome.task.id, outcome.kind === 'ran' && outcome.result.status])).toEqual([
      ['slow-task', 'success'],
      ['quick-task', 'success'],
    ]);
    const trace = opened.trace();
    const at = (line: string) => trace.indexOf(line);
    expect(at('TaskStarting slow-task')).toBeGreaterThanOrEqual(0);
    expect(at('TaskStarting slow-task')).toBeLessThan(at('TaskFinished quick-task success'));
    expect(at('child quick-task')).toBeLessThan(at('TaskFinished quick-task success'));
    expect(at('TaskFinished quick-task success')).toBeLessThan(at('child slow-task'));
    expect(at('child slow-task')).toBeLessThan(at('TaskFinished slow-task success'));
  });

  it('skips a run whose previous run is still going as overlapping, and the second heartbeat returns before the first run ends', async () => {
    app = await createFixtureApp('heartbeat-app');
    const clock = new ManualClock(Date.parse(MINUTE_ONE));
    opened = await openFixture(app, { clock });
    const first = runHeartbeat(opened.scheduler, { tags: ['overlap'] });
    await waitFor('the first run to start', () => app.exists('sleeper.pid'));

    clock.set(MINUTE_TWO);
    const second = await runHeartbeat(opened.scheduler, { tags: ['overlap'] });
    expect(second.outcomes).toEqual([expect.objectContaining({ kind: 'skipped', reason: 'overlapping' })]);
    expect(second.exitCode).toBe(0);
    expect(opened.trace()).not.toContain('TaskFinished sleeper success');

    app.touch('sleeper.go');
    const report = await first;
    expect(report.outcomes).toEqual([expect.objectContaining({ kind: 'ran', result: expect.objectContaining({ status: 'success' }) })]);
    expect(opened.trace()).toEqual([
      'before sleeper',
      'TaskStarting sleeper',
      'TaskSkipped sleeper overlapping',
      'child sleeper',
      'onSuccess sleeper',
      'after sleeper success',
      'TaskFinished sleeper success',
    ]);
    const state = await opened.scheduler.state.get('sleeper');
    expect(state).toMatchObject({ lastStatus: 'success', lastScheduledAt: '2026-03-02T10:00:00.000Z', lastSkipReason: 'overlapping', lastSkippedAt: '2026-03-02T10:01:00.000Z' });
    expect(state.counters).toEqual({ success: 1, failed: 0, timeout: 0, interrupted: 0, skipped: 1 });
  });

  it('runs an allowOverlapping() task twice at once when its next slot comes while it is still running', async () => {
    app = await createFixtureApp('heartbeat-app');
    const clock = new ManualClock(Date.parse(MINUTE_ONE));
    opened = await openFixture(app, { clock });
    const first = runHeartbeat(opened.scheduler, { tags: ['overlap-allowed'] });
    await waitFor('the first run to start', () => app.exists('parallel.pid'));
    clock.set(MINUTE_TWO);
    const second = runHeartbeat(opened.scheduler, { tags: ['overlap-allowed'] });
    await waitFor('the second run to start', () => opened!.trace().filter((line) => line === 'TaskStarting parallel').length === 2);

    app.touch('parallel.go');
    const reports = await Promise.all([first, second]);
    expect(reports.map((report) => report.outcomes.map((outcome) => outcome.kind === 'ran' && outcome.result.status))).toEqual([['success'], ['success']]);
    const trace = opened.trace();
    expect(trace.slice(0, 4)).toEqual(['before parallel', 'TaskStarting parallel', 'before parallel', 'TaskStarting parallel']);
    expect(trace.filter((line) => line === 'TaskFinished parallel success')).toHaveLength(2);
    expect((await opened.scheduler.state.get('parallel')).counters.success).toBe(2);
  });

  it('runs each due task once when two heartbeats come in the same minute on one host', async () => {
    app = await createFixtureApp('heartbeat-app');
    opened = await openFixture(app, { clock: new ManualClock(Date.parse(MINUTE_ONE)) });
    const first = await runHeartbeat(opened.scheduler, { tags: ['per-host'] });
    const second = await runHeartbeat(opened.scheduler, { tags: ['per-host'] });

    expect(first.outcomes).toEqual([expect.objectContaining({ kind: 'ran' })]);
    expect(second.outcomes).toEqual([expect.objectContaining({ kind: 'skipped', reason: 'already-ran' })]);
    expect(app.lines('per-host.log')).toEqual(['2026-03-02T10:00:00.000Z']);
    // A routine repeat is not the task's news: its last status stays the run's.
    expect(await opened.scheduler.state.get('per-host')).toMatchObject({ lastStatus: 'success', lastSkipReason: null, counters: { success: 1, skipped: 0 } });
  });

  it('makes runTaskNow respect the overlap lock, unless forced', async () => {
    app = await createFixtureApp('heartbeat-app');
    opened = await openFixture(app);
    const running = runTaskNow(opened.scheduler, 'sleeper');
    await waitFor('the first run to start', () => app.exists('sleeper.pid'));

    const refused = await runTaskNow(opened.scheduler, 'sleeper');
    expect(refused).toMatchObject({ kind: 'skipped', reason: 'overlapping' });
    const forced = runTaskNow(opened.scheduler, 'sleeper', { force: true });
    await waitFor('the forced run to start', () => opened!.trace().filter((line) => line === 'TaskStarting sleeper').length === 2);

    app.touch('sleeper.go');
    expect(await running).toMatchObject({ kind: 'ran', result: { status: 'success' } });
    expect(await forced).toMatchObject({ kind: 'ran', result: { status: 'success' } });
    expect(opened.trace().filter((line) => line.startsWith('TaskSkipped'))).toEqual(['TaskSkipped sleeper overlapping']);
    expect(await opened.scheduler.locks.list('overlap:')).toEqual([]);
  });
});
