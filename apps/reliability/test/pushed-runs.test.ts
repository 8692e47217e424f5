import { isServiceAvailable, testDatabaseUrl, uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppFolder, type AppFolder } from '../src/process/app-folder.js';
import { killDaemonProcess, startDaemonProcess, stopDaemonProcess, type DaemonProcess } from '../src/process/daemon-process.js';
import { pushRuns } from '../src/process/push-runs.js';
import { reliabilityProfile } from '../src/profile/reliability-profile.js';
import { pick, seededRandom } from '../src/profile/seeded-random.js';
import { dropSchema, postgresInFlight, redisInFlight } from '../src/pushed/in-flight-runs.js';
import { auditPushedRuns, type PushedAudit } from '../src/pushed/pushed-ledger.js';
import { recordFigures } from '../src/results/record-figures.js';
import { startRedisServer, type RedisServer } from '../src/services/redis-server.js';

/*
 * Scenario 3: pushed runs under a crash. Daemons serve one queue while a separate process pushes N runs
 * (payload `{ n }`); when half of them ran, one daemon is SIGKILLed and not restarted. Expected: every
 * payload runs at least once (none lost), and the extra runs are at most the runs the killed daemon
 * held claimed and unacked at that instant (read from the queue itself right after the kill).
 */
const profile = reliabilityProfile();
const { pushed } = profile;
const postgresUp = await isServiceAvailable('PostgreSQL', testDatabaseUrl());
// Generous: this shared machine spawns a few dozen processes a second at best.
const DRAIN_TIMEOUT_MS = 120_000 + pushed.runs * 60;

describe.each([
  { driver: 'redis' as const, available: true },
  { driver: 'postgres' as const, available: postgresUp },
])(`pushed runs with a daemon SIGKILLed mid-way on $driver (${profile.name} profile: ${pushed.runs} runs, ${pushed.daemons} daemons)`, ({ driver, available }) => {
  let redis: RedisServer;
  let app: AppFolder;
  const prefix = uniqueTestPrefix('pushed');
  let daemons: DaemonProcess[] = [];
  let victim: DaemonProcess;
  let inFlightAtKill = 0;
  let ranAtKill = 0;
  let audit: PushedAudit;
  const timing = { pushMs: 0, drainMs: 0 };

  beforeAll(async () => {
    if (!available) return;
    redis = await startRedisServer();
    app = await createAppFolder('pushed-app', { driver, redisUrl: redis.url, prefix, databaseUrl: testDatabaseUrl(), schema: prefix });
    daemons = await Promise.all(
      Array.from({ length: pushed.daemons }, (_, index) => startDaemonProcess({ appDir: app.dir, host: `pushed-host-${index + 1}`, visibilityTimeoutMs: pushed.visibilityTimeoutMs })),
    );
    const startedAt = Date.now();
    const pushing = pushRuns(app.dir, 'pushed-append', pushed.runs, 0).then((report) => {
      timing.pushMs = report.ms;
    });
    await waitFor(() => app.lines('pushed.log').length >= pushed.runs / 2, DRAIN_TIMEOUT_MS, 'half of the runs');
    victim = pick(seededRandom(profile.seed), daemons);
    await killDaemonProcess(victim);
    ranAtKill = app.lines('pushed.log').length;
    const consumer = `${victim.options.host}:${victim.pid}`;
    inFlightAtKill = driver === 'redis' ? await redisInFlight(redis.url, prefix, consumer) : await postgresInFlight(testDatabaseUrl(), prefix, consumer);
    await pushing;
    await waitFor(() => auditPushedRuns(app.lines('pushed.log'), pushed.runs).ran === pushed.runs, DRAIN_TIMEOUT_MS, 'every payload');
    timing.drainMs = Date.now() - startedAt;
    // Any redelivery of the victim's runs happens within one visibility timeout of the kill; give it that and more.
    await new Promise((resolve) => setTimeout(resolve, pushed.visibilityTimeoutMs + 2000));
    await Promise.all(daemons.map((daemon) => stopDaemonProcess(daemon)));
    audit = auditPushedRuns(app.lines('pushed.log'), pushed.runs);
  }, 2 * DRAIN_TIMEOUT_MS + 120_000);

  afterAll(async () => {
    if (!available) return;
    await Promise.all(daemons.map((daemon) => killDaemonProcess(daemon)));
    if (driver === 'postgres') await dropSchema(testDatabaseUrl(), prefix);
    await redis?.destroy();
    await app?.remove();
  });

  it.skipIf(!available)('runs every pushed payload at least once: none is lost', () => {
    recordFigures(profile, `pushedRuns.${driver}`, {
      runs: pushed.runs,
      daemons: pushed.daemons,
      visibilityTimeoutMs: pushed.visibilityTimeoutMs,
      pushMs: timing.pushMs,
      drainMs: timing.drainMs,
      runsPerSecond: Math.round((pushed.runs / timing.drainMs) * 1000),
      ranWhenKilled: ranAtKill,
      inFlightAtKill,
      duplicates: audit.duplicates,
      lost: audit.lost.length,
      runsByHost: audit.runsByHost,
    });
    expect(audit.malformed).toEqual([]);
    expect(audit.lost).toEqual([]);
    expect(audit.ran).toBe(pushed.runs);
  });

  it.skipIf(!available)('runs a payload twice only when the killed daemon held it claimed, and no more often than it held runs', () => {
    expect(audit.duplicates).toBeLessThanOrEqual(inFlightAtKill);
    for (const [n, hosts] of audit.duplicated) expect(hosts, `payload ${n}`).toContain(victim.options.host);
  });

  it.skipIf(!available)('keeps serving with the surviving daemons after the kill', () => {
    for (const daemon of daemons.filter((candidate) => candidate !== victim)) expect(audit.runsByHost[daemon.options.host] ?? 0).toBeGreaterThan(0);
    expect(ranAtKill).toBeLessThan(pushed.runs);
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`reliability: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
