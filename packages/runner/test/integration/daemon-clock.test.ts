import { afterEach, describe, expect, it } from 'vitest';
import { createFixtureApp, type FixtureApp } from '../support/fixture-app.js';
import { startDaemon, type RunningDaemon } from '../support/daemon-runner.js';
import { ManualClock, openFixture, type OpenedFixture } from '../support/open-fixture.js';

const SECOND = 1000;

describe('daemon timing: slots, not ticks', () => {
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

  it('runs each slot once across clock jumps: forward within grace, forward past grace (missed, once per task), and back', async () => {
    app = await createFixtureApp('daemon-app', { graceMs: 90_000 });
    const clock = new ManualClock(Date.parse('2026-03-02T10:00:30.000Z'));
    opened = await openFixture(app, { clock });
    daemon = startDaemon(opened, { sleepMs: 20, tags: ['jump'], servePushed: false });
    await daemon.settle();
    expect(app.lines('every-minute.log')).toEqual(['2026-03-02T10:00:00.000Z']);

    // Forward within the grace window: both slots it jumped over still run, each once.
    clock.set('2026-03-02T10:02:20.000Z');
    await daemon.settle();
    await daemon.settle();
    expect(app.lines('every-minute.log').slice(1)).toEqual(['2026-03-02T10:01:00.000Z', '2026-03-02T10:02:00.000Z']);

    // Forward past the grace window: 10:03-10:08 are older than 90 s at 10:10:20 and are recorded as missed.
    clock.set('2026-03-02T10:10:20.000Z');
    await daemon.settle();
    await daemon.settle();
    expect(app.lines('every-minute.log').slice(3)).toEqual(['2026-03-02T10:09:00.000Z', '2026-03-02T10:10:00.000Z']);
    expect(daemon.skips.map((skip) => [skip.task.id, skip.reason, skip.scheduledAt.toISOString(), skip.detail])).toEqual([
      ['every-minute', 'missed', '2026-03-02T10:08:00.000Z', '6 slot(s) from 2026-03-02T10:03:00.000Z to 2026-03-02T10:08:00.000Z were older than the grace window'],
    ]);

    // Back, then forward to where it was: nothing runs again.
    clock.set('2026-03-02T10:05:00.000Z');
    await daemon.settle();
    clock.set('2026-03-02T10:10:40.000Z');
    await daemon.settle();
    expect(app.lines('every-minute.log')).toHaveLength(5);
    expect(opened.logs.some((line) => line.msg === 'the clock stepped back; slots that already ran are not run again')).toBe(true);

    clock.set('2026-03-02T10:11:05.000Z');
    await daemon.settle();
    expect(app.lines('every-minute.log').slice(5)).toEqual(['2026-03-02T10:11:00.000Z']);

    const report = await daemon.stop();
    daemon = undefined;
    expect(report).toMatchObject({ dispatched: 6, missed: 6, stoppedAtShutdown: 0 });
    expect(await opened.scheduler.state.get('every-minute')).toMatchObject({
      lastStatus: 'success',
      lastScheduledAt: '2026-03-02T10:11:00.000Z',
      lastSkipReason: 'missed',
      lastSkippedAt: '2026-03-02T10:08:00.000Z',
      counters: { success: 6, skipped: 1, failed: 0 },
    });
  });

  it('fires an every-second task on every second and an every-minute task on each minute for 65 s of real time', async () => {
    app = await createFixtureApp('daemon-app', { graceMs: 5000 });
    opened = await openFixture(app);
    // Not within 6 s after a minute boundary: the daemon would then also run the minute slot just before
    // its start (it is within the 5 s grace), and this test counts only the minutes the daemon lived through.
    while (new Date().getUTCSeconds() < 6) await new Promise((resolve) => setTimeout(resolve, 250));
    const startedAt = Date.now();
    daemon = startDaemon(opened, { tags: ['clock'], servePushed: false });
    await new Promise((resolve) => setTimeout(resolve, 65 * SECOND));
    const report = await daemon.stop();
    daemon = undefined;

    const seconds = app.lines('every-second.log').map(Date.parse).sort((a, b) => a - b);
    expect(new Set(seconds).size).toBe(seconds.length);
    expect(seconds.length).toBeGreaterThanOrEqual(64);
    expect(seconds.length).toBeLessThanOrEqual(66);
    for (let index = 1; index < seconds.length; index++) expect(seconds[index]! - seconds[index - 1]!).toBe(SECOND);
    expect(seconds[0]).toBe(Math.floor(startedAt / SECOND) * SECOND);

    const minutes = app.lines('every-minute.log').map(Date.parse);
    expect(new Set(minutes).size).toBe(minutes.length);
    expect(minutes.length).toBeGreaterThanOrEqual(1);
    expect(minutes.length).toBeLessThanOrEqual(2);
    for (const minute of minutes) {
      expect(minute % 60_000).toBe(0);
      expect(minute).toBeGreaterThan(startedAt);
    }
    expect(report).toMatchObject({ missed: 0, stoppedAtShutdown: 0, dispatched: seconds.length + minutes.length });
    const states = await opened.scheduler.state.getMany(['every-second', 'every-minute']);
    expect(states.get('every-second')!.counters).toMatchObject({ success: seconds.length, skipped: 0, failed: 0 });
    expect(states.get('every-minute')!.counters).toMatchObject({ success: minutes.length, skipped: 0 });
  }, 120_000);
});
