import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percentile } from '../src/logs/percentile.js';
import { readJsonLogs, readRawLogs } from '../src/logs/read-json-log.js';
import { reliabilityProfile } from '../src/profile/reliability-profile.js';
import { recordFigures } from '../src/results/record-figures.js';
import { auditSlots } from '../src/soak/slot-ledger.js';
import { SoakCluster } from '../src/soak/soak-cluster.js';

/*
 * Scenario 1: a fault-free cluster soak. N daemon processes with distinct host identities share one
 * private Redis and run the same onOneServer tasks (every second and every five seconds). Each run
 * appends `task,slot,host` to one ledger; every slot of the audited window must appear exactly once.
 * The window starts one second after the last daemon is up and ends one second before the first is
 * stopped, because slots at the very edges may legitimately have been taken before the cluster was whole.
 */
const profile = reliabilityProfile();
const { soak } = profile;

describe(`cluster soak (${profile.name} profile: ${soak.daemons} daemons, ${soak.everySecondTasks}+${soak.everyFiveSecondsTasks} tasks, ${soak.durationMs / 1000} s)`, () => {
  let cluster: SoakCluster;
  let window: { from: number; to: number };

  beforeAll(async () => {
    cluster = await SoakCluster.start({ daemons: soak.daemons, everySecond: soak.everySecondTasks, everyFiveSeconds: soak.everyFiveSecondsTasks });
    const startedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, soak.durationMs));
    const stoppingAt = Date.now();
    await cluster.stop();
    window = { from: Math.ceil(startedAt / 1000) * 1000 + 1000, to: Math.floor(stoppingAt / 1000) * 1000 - 1000 };
  }, soak.durationMs + 180_000);

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('runs every slot of every task exactly once across the cluster', () => {
    const audit = auditSlots(cluster.app.lines('soak.log'), cluster.tasks, window);
    const logs = readJsonLogs(cluster.logFiles());
    const durations = logs.filter((line) => typeof line.durationMs === 'number' && typeof line.status === 'string').map((line) => line.durationMs as number);
    recordFigures(profile, 'clusterSoak', {
      daemons: soak.daemons,
      tasks: cluster.tasks.length,
      durationMs: soak.durationMs,
      auditedWindowMs: window.to - window.from,
      expectedSlots: audit.expected,
      ranSlots: audit.ran,
      duplicates: audit.duplicates.length,
      missing: audit.missing.length,
      malformedLedgerLines: audit.malformed.length,
      runsByHost: audit.runsByHost,
      childDurationMs: { p50: percentile(durations, 0.5), p99: percentile(durations, 0.99), max: percentile(durations, 1) },
      errorLogLines: logs.filter((line) => line.level >= 50).length,
    });
    expect(audit.malformed).toEqual([]);
    expect(audit.duplicates).toEqual([]);
    expect(audit.missing.slice(0, 10)).toEqual([]);
    expect(audit.ran).toBe(audit.expected);
    expect(audit.expected).toBeGreaterThan(0);
  });

  it('shares the work between every daemon of the cluster', () => {
    const audit = auditSlots(cluster.app.lines('soak.log'), cluster.tasks, window);
    for (const member of cluster.members) expect(audit.runsByHost[member.host] ?? 0, member.host).toBeGreaterThan(0);
  });

  it('never writes the Redis password into a daemon log', () => {
    const raw = readRawLogs(cluster.logFiles());
    expect(raw.length).toBeGreaterThan(0);
    expect(raw.includes(cluster.redis.password!)).toBe(false);
  });

  it('logs no error while nothing is broken', () => {
    const errors = readJsonLogs(cluster.logFiles()).filter((line) => line.level >= 50);
    expect(errors.map((line) => line.msg).slice(0, 5)).toEqual([]);
  });
});
