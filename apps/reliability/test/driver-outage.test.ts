import { uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppFolder, type AppFolder } from '../src/process/app-folder.js';
import { killDaemonProcess, startDaemonProcess, stopDaemonProcess, type DaemonProcess } from '../src/process/daemon-process.js';
import { percentile } from '../src/logs/percentile.js';
import { reliabilityProfile } from '../src/profile/reliability-profile.js';
import { recordFigures } from '../src/results/record-figures.js';
import { startRedisServer, type RedisServer } from '../src/services/redis-server.js';

/*
 * Scenario 2b: only the pushed-run queue's backend goes down (cache and locks stay up). Scheduled runs do
 * not need the queue, so they must stay on time. Regression: the daemon once awaited the driver's claim
 * inside its pulse loop, so every pulse waited for the driver to give up on its connection and
 * every-second tasks started seconds late for as long as the queue was down.
 */
const profile = reliabilityProfile();
const OUTAGE_MS = 10_000;

describe('scheduled runs while the pushed-run queue is unreachable', () => {
  let locksRedis: RedisServer;
  let queueRedis: RedisServer;
  let app: AppFolder;
  let daemon: DaemonProcess;
  const phases = { before: [] as number[], during: [] as number[], after: [] as number[] };

  beforeAll(async () => {
    locksRedis = await startRedisServer();
    queueRedis = await startRedisServer();
    app = await createAppFolder('split-app', { redisUrl: locksRedis.url, driverUrl: queueRedis.url, prefix: uniqueTestPrefix('split') });
    daemon = await startDaemonProcess({ appDir: app.dir, host: 'split-host' });
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const down = Date.now();
    await queueRedis.stop();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    await queueRedis.start();
    const up = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    await stopDaemonProcess(daemon);
    for (const line of app.lines('ticks.log')) {
      const [slotText, startedText] = line.split(',');
      const slot = Date.parse(slotText!);
      const lateness = Number(startedText) - slot;
      // The first second after each edge belongs to neither phase.
      if (slot < down - 1000) phases.before.push(lateness);
      else if (slot >= down + 1000 && slot < up) phases.during.push(lateness);
      else if (slot >= up + 3000) phases.after.push(lateness);
    }
    const summary = (values: number[]) => ({ runs: values.length, p50Ms: percentile(values, 0.5), maxMs: percentile(values, 1) });
    recordFigures(profile, 'queueOutageLateness', { outageMs: OUTAGE_MS, before: summary(phases.before), during: summary(phases.during), after: summary(phases.after) });
  }, 90_000);

  afterAll(async () => {
    if (daemon) await killDaemonProcess(daemon);
    await locksRedis?.destroy();
    await queueRedis?.destroy();
    await app?.remove();
  });

  it('runs every second of the outage', () => {
    expect(phases.during.length).toBeGreaterThanOrEqual(OUTAGE_MS / 1000 - 2);
    expect(phases.after.length).toBeGreaterThan(0);
  });

  it('starts them as promptly as before the outage', () => {
    // Well under a second of lateness, whether or not the queue answers.
    expect(percentile(phases.during, 1)).toBeLessThan(1500);
  });
});
