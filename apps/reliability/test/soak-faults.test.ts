import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushRuns } from '../src/process/push-runs.js';
import { readJsonLogs, readRawLogs, type JsonLogLine } from '../src/logs/read-json-log.js';
import { reliabilityProfile } from '../src/profile/reliability-profile.js';
import { pick, seededRandom } from '../src/profile/seeded-random.js';
import { recordFigures } from '../src/results/record-figures.js';
import { classifyMisses, slotKey, type MissCause } from '../src/soak/classify-misses.js';
import { faultPlan } from '../src/soak/fault-plan.js';
import { LockInspector } from '../src/soak/lock-inspector.js';
import { auditSlots, type MissingSlot } from '../src/soak/slot-ledger.js';
import { SoakCluster } from '../src/soak/soak-cluster.js';

/*
 * Scenario 2: the cluster soak with faults injected while it runs.
 * - Every `killEveryMs` a random daemon is SIGKILLed and restarted under the same host identity (the
 *   victim is drawn among the daemons holding an overlap probe's lock when any does, so each kill also
 *   measures how long a dead daemon's overlap lock blocks its task).
 * - The scenario's own Redis is stopped for `redisOutageMs` and started again (append-only file synced on
 *   every write: the outage loses the connection, not the data).
 * - One daemon's injected clock runs `clockSkewMs` ahead, another's as far behind.
 * Expected: no slot ever runs twice; slots missed during the outage are each recorded as skipped with
 * reason `lock-unavailable`; daemons reconnect without a restart; a killed daemon's overlap locks free
 * within their TTL. A slot whose claim a daemon took just before it was SIGKILLed is lost (onOneServer
 * is at-most-once per slot); those are counted and reported, never hidden.
 */
const profile = reliabilityProfile();
const { soak, faults } = profile;
const OVERLAP_PROBES = 3;
// Clients reconnect with a backoff capped at 2 s (locks, driver) and 1 s (cache); slots due in between
// fail closed like those of the outage itself.
const RECONNECT_ALLOWANCE_MS = 3000;
// The drivers' default connect timeout: before the F4 fix a pulse could wait that long for a pushed-run poll.
const DRIVER_CONNECT_TIMEOUT_MS = 5000;
// A pulse is at most a second late on an idle machine; this one is shared and busy.
const SCHEDULING_SLACK_MS = 3000;

interface KillRecord {
  host: string;
  killedPid: number;
  restartedPid: number;
  killedAt: number;
  restartMs: number;
  /** Overlap probe locks the victim held when it died, with when they were due to expire. */
  heldProbeLocks: { taskId: string; expiresAt: number }[];
  /** Overlap locks still owned by the victim half a second after one TTL (read in the background). */
  heldAfterTtl: Promise<number>;
}

describe(`cluster soak under faults (${profile.name} profile: ${faults.durationMs / 1000} s, kill every ${faults.killEveryMs / 1000} s, Redis down ${faults.redisOutageMs / 1000} s, skew ±${faults.clockSkewMs / 1000} s)`, () => {
  let cluster: SoakCluster;
  let inspector: LockInspector;
  let startedAt = 0;
  let stoppingAt = 0;
  const kills: KillRecord[] = [];
  let outage: { from: number; restartedAt: number } | null = null;
  const claimOwners = new Map<string, number>();
  const pidsAliveAtOutage = new Map<string, number>();
  let exits: { host: string; pid: number; code: number | null; signal: string | null }[] = [];
  let pushedAfterOutageAt: number | null = null;
  const heldAfterOneTtl: number[] = [];

  // Claims outlive their slot by two minutes only: read the owners of missing slots near each kill soon after
  // it. In the background, so the fault timeline never waits for it; retried if it overlaps the outage.
  async function readClaimOwnersAround(at: number): Promise<void> {
    await sleepUntil(at + 8000);
    const audit = auditSlots(cluster.app.lines('soak.log'), cluster.tasks, { from: at - 10_000, to: at + 3000 });
    for (const miss of audit.missing) await readClaimOwner(miss);
  }

  // Claims of the other missing slots, read before they expire, so a miss is reported with its owner.
  async function readClaimOwnersOfUnexplainedMisses(): Promise<void> {
    const down = outageWindow();
    const audit = auditSlots(cluster.app.lines('soak.log'), cluster.tasks, { from: startedAt, to: Date.now() - 5000 });
    const unread = audit.missing.filter((miss) => !claimOwners.has(slotKey(miss.taskId, miss.slot)) && (down === null || miss.slot < down.from || miss.slot > down.to));
    for (const miss of unread.slice(0, 200)) await readClaimOwner(miss);
  }

  // Records who holds the cluster claim of `miss`; retried each second while Redis is down (at most 30 s).
  async function readClaimOwner(miss: MissingSlot): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const claim = await inspector.claimOf(miss.taskId, miss.slot);
        if (claim) claimOwners.set(slotKey(miss.taskId, miss.slot), claim.owner.pid);
        return;
      } catch (error) {
        if (attempt >= 30) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  beforeAll(async () => {
    cluster = await SoakCluster.start({
      daemons: soak.daemons,
      everySecond: soak.everySecondTasks,
      everyFiveSeconds: soak.everyFiveSecondsTasks,
      skewMs: [faults.clockSkewMs, -faults.clockSkewMs],
      overlapProbes: OVERLAP_PROBES,
      overlapTtlMs: faults.overlapTtlMs,
    });
    inspector = new LockInspector(cluster.redis.url, cluster.prefix);
    const random = seededRandom(profile.seed);
    startedAt = Date.now();
    const claimChecks: Promise<void>[] = [];
    for (const event of faultPlan(faults)) {
      await sleepUntil(startedAt + event.at);
      if (event.kind === 'redis-outage') {
        for (const member of cluster.members) pidsAliveAtOutage.set(member.host, member.process.pid);
        const from = Date.now();
        await cluster.redis.stop();
        await sleepUntil(from + event.durationMs);
        await cluster.redis.start();
        outage = { from, restartedAt: Date.now() };
        // A run pushed right after the outage must be served by the daemons that lived through it.
        await pushRuns(cluster.app.dir, 'pushed-after-outage', 1, null);
        pushedAfterOutageAt = Date.now();
        continue;
      }
      const held = await inspector.overlapLocks();
      const probeHolders = held.filter((lock) => lock.key.startsWith('overlap:probe-'));
      const victimHost = probeHolders.length > 0 ? pick(random, probeHolders).owner.host : pick(random, cluster.members).host;
      const index = cluster.members.findIndex((member) => member.host === victimHost);
      const victimPid = cluster.members[index]!.process.pid;
      const heldProbeLocks = probeHolders
        .filter((lock) => lock.owner.pid === victimPid)
        .map((lock) => ({ taskId: lock.key.slice('overlap:'.length), expiresAt: lock.expiresAt.getTime() }));
      const kill = await cluster.killAndRestart(index);
      const heldAfterTtl = (async () => {
        await sleepUntil(kill.killedAt + faults.overlapTtlMs + 500);
        return (await inspector.overlapLocks()).filter((lock) => lock.owner.pid === kill.killedPid).length;
      })();
      heldAfterTtl.catch(() => undefined);
      kills.push({ host: victimHost, killedPid: kill.killedPid, restartedPid: kill.restartedPid, killedAt: kill.killedAt, restartMs: kill.restartedAt - kill.killedAt, heldProbeLocks, heldAfterTtl });
      const check = readClaimOwnersAround(kill.killedAt);
      // Awaited after the soak; until then a failure must not count as an unhandled rejection.
      check.catch(() => undefined);
      claimChecks.push(check);
    }
    await sleepUntil(startedAt + faults.durationMs);
    await Promise.all(claimChecks);
    await readClaimOwnersOfUnexplainedMisses();
    for (const kill of kills) heldAfterOneTtl.push(await kill.heldAfterTtl);
    stoppingAt = Date.now();
    const survivors = cluster.members.map((member) => ({ host: member.host, process: member.process }));
    await cluster.stop();
    exits = await Promise.all(survivors.map(async ({ host, process }) => ({ host, pid: process.pid, ...(await process.exited) })));
  }, faults.durationMs + 240_000);

  afterAll(async () => {
    await inspector?.close();
    await cluster?.destroy();
  });

  const window = () => ({ from: Math.ceil(startedAt / 1000) * 1000 + 1000, to: Math.floor(stoppingAt / 1000) * 1000 - 1000 });
  const logs = (() => {
    let cached: JsonLogLine[] | null = null;
    return () => (cached ??= readJsonLogs(cluster.logFiles()));
  })();
  const outageWindow = () => (outage === null ? null : { from: outage.from - 1000, to: outage.restartedAt + RECONNECT_ALLOWANCE_MS });
  const classified = () => {
    const audit = auditSlots(cluster.app.lines('soak.log'), cluster.tasks, window());
    const lockUnavailableSkips = new Set(
      logs()
        .filter((line) => line.reason === 'lock-unavailable' && typeof line.taskId === 'string' && typeof line.scheduledAt === 'string')
        .map((line) => slotKey(line.taskId as string, Date.parse(line.scheduledAt as string))),
    );
    const killedPids = new Set(kills.map((kill) => kill.killedPid));
    return { audit, classes: classifyMisses(audit.missing, { outage: outageWindow(), lockUnavailableSkips, killedPids, claimOwners }) };
  };

  // What the cluster knows of missing slots: who held the claim, and every log line naming the slot.
  const explainMisses = (misses: MissingSlot[]) =>
    misses.map((miss) => {
      const slot = new Date(miss.slot).toISOString();
      const owner = claimOwners.get(slotKey(miss.taskId, miss.slot));
      const ownerProcess = cluster.members.flatMap((member) => member.history.map((process, index) => ({ host: member.host, index, pid: process.pid }))).find((entry) => entry.pid === owner);
      const lines = logs()
        .filter((line) => line.taskId === miss.taskId && line.scheduledAt === slot)
        .map((line) => `${String(line.host)} @${line.time - startedAt} ms: ${line.msg}`);
      const claim = owner === undefined ? 'claim not read' : `claimed by pid ${owner} (${ownerProcess ? `${ownerProcess.host} process #${ownerProcess.index}` : 'unknown'})`;
      return `${miss.taskId}@${slot} (${miss.slot - startedAt} ms): ${claim}; ${lines.length === 0 ? 'no log line' : lines.join(' | ')}`;
    });

  it('never runs a slot twice, whatever was killed, stopped or skewed', () => {
    const { audit, classes } = classified();
    const count = (cause: MissCause) => classes[cause].length;
    const lostPerKill = kills.map((kill) => classes['claimed-by-killed-daemon'].filter((miss) => claimOwners.get(slotKey(miss.taskId, miss.slot)) === kill.killedPid).length);
    recordFigures(profile, 'soakUnderFaults', {
      daemons: soak.daemons,
      tasks: cluster.tasks.length,
      overlapProbes: OVERLAP_PROBES,
      durationMs: faults.durationMs,
      expectedSlots: audit.expected,
      ranSlots: audit.ran,
      duplicates: audit.duplicates.length,
      missing: audit.missing.length,
      missedInOutageRecorded: count('outage-recorded'),
      missedInOutageUnrecorded: count('outage-unrecorded'),
      lostWithKilledDaemon: count('claimed-by-killed-daemon'),
      lostPerKill,
      unexplainedMisses: count('unexplained'),
      runsByHost: audit.runsByHost,
      skew: { [cluster.members[0]!.host]: faults.clockSkewMs, [cluster.members[1]!.host]: -faults.clockSkewMs },
      kills: kills.map((kill, index) => ({ atMs: kill.killedAt - startedAt, host: kill.host, restartMs: kill.restartMs, heldProbeLocks: kill.heldProbeLocks.length, heldAfterOneTtl: heldAfterOneTtl[index] })),
      redisOutage: outage === null ? null : { atMs: outage.from - startedAt, downMs: outage.restartedAt - outage.from },
    });
    expect(audit.malformed).toEqual([]);
    expect(audit.duplicates).toEqual([]);
  });

  it('misses slots only while the lock store is unreachable, and records every one as lock-unavailable', () => {
    const { classes } = classified();
    const show = (misses: MissingSlot[]) => misses.slice(0, 10).map((miss) => `${miss.taskId}@${new Date(miss.slot).toISOString()}`);
    expect(outage).not.toBeNull();
    expect(show(classes['outage-unrecorded'])).toEqual([]);
    expect(explainMisses(classes.unexplained.slice(0, 10))).toEqual([]);
    // The outage did cost slots (the scenario really broke something) and each is on record.
    expect(classes['outage-recorded'].length).toBeGreaterThan(0);
  });

  it('loses a slot to a kill only when the killed daemon had claimed it in the second before it died', () => {
    const { classes } = classified();
    for (const miss of classes['claimed-by-killed-daemon']) {
      const kill = kills.find((candidate) => claimOwners.get(slotKey(miss.taskId, miss.slot)) === candidate.killedPid)!;
      expect(miss.slot).toBeGreaterThanOrEqual(kill.killedAt - faults.clockSkewMs - SCHEDULING_SLACK_MS);
      expect(miss.slot).toBeLessThanOrEqual(kill.killedAt + faults.clockSkewMs + 1000);
    }
  });

  it('keeps every daemon that lived through the Redis outage running, and each reaches Redis again without a restart', () => {
    expect(outage).not.toBeNull();
    const { restartedAt } = outage!;
    const reconnects: Record<string, number> = {};
    for (const [host, pid] of pidsAliveAtOutage) {
      const member = cluster.members.find((candidate) => candidate.host === host)!;
      // Kills keep clear of the outage, so the process that lived through it is still the member's process.
      expect(member.history.some((process) => process.pid === pid && process.logFile)).toBe(true);
      const survivor = member.history.find((process) => process.pid === pid)!;
      const answered = readJsonLogs([survivor.logFile]).find(
        (line) => line.time > restartedAt && (line.reason === 'one-server' || (typeof line.status === 'string' && line.status === 'success')),
      );
      expect(answered, `${host} (pid ${pid}) never got an answer from Redis after it came back`).toBeDefined();
      reconnects[host] = answered!.time - restartedAt;
    }
    recordFigures(profile, 'redisOutageReconnect', { reconnectMsByHost: reconnects, maxReconnectMs: Math.max(...Object.values(reconnects)) });
    // Until F4 was fixed (docs/reliability.md) a pulse also waited for its pushed-run poll, whose driver may
    // still be inside its 5 s connect timeout from the outage; the bound still allows for that.
    expect(Math.max(...Object.values(reconnects))).toBeLessThan(RECONNECT_ALLOWANCE_MS + DRIVER_CONNECT_TIMEOUT_MS + SCHEDULING_SLACK_MS);
  });

  it('records runs and serves pushed runs again once Redis is back (no store stays broken)', () => {
    const { restartedAt } = outage!;
    const settled = restartedAt + RECONNECT_ALLOWANCE_MS + SCHEDULING_SLACK_MS;
    const lateFailures = logs().filter((line) => line.level >= 50 && line.time > settled);
    const pushed = cluster.app.lines('pushed.log').map((line) => ({ host: line.split(',')[0]!, at: Number(line.split(',')[1]) }));
    const lateness = logs()
      .filter((line) => line.reason === 'lock-unavailable' && typeof line.scheduledAt === 'string')
      .map((line) => line.time - Date.parse(line.scheduledAt as string));
    recordFigures(profile, 'recoveryAfterOutage', {
      errorLinesLaterThanReconnect: lateFailures.length,
      pushedRunServedAfterMs: pushed.length === 0 || pushedAfterOutageAt === null ? null : pushed[0]!.at - pushedAfterOutageAt,
      lockUnavailableSkipsRecordedLateByMs: { max: lateness.length === 0 ? null : Math.max(...lateness) },
    });
    expect(lateFailures.map((line) => `${String(line.host)} @${line.time - restartedAt} ms after Redis came back: ${line.msg}: ${JSON.stringify(line.err ?? null).slice(0, 300)}`).slice(0, 5)).toEqual([]);
    expect(pushedAfterOutageAt).not.toBeNull();
    expect(pushed).toHaveLength(1);
    expect(pushed[0]!.at - pushedAfterOutageAt!).toBeLessThan(SCHEDULING_SLACK_MS + 2000);
  });

  // From a kill to the next run of a task whose overlap lock the victim held: the TTL, then a few slots.
  const TAKE_OVER_MS = faults.overlapTtlMs + 15_000;
  const outageOverlap = (from: number, to: number): number => {
    const down = outageWindow();
    return down === null ? 0 : Math.max(0, Math.min(to, down.to) - Math.max(from, down.from));
  };

  it('frees the overlap locks of a killed daemon within their TTL', () => {
    const probes = cluster.app.lines('probes.log').map((line) => {
      const [taskId, , host, startedMs] = line.split(',');
      return { taskId: taskId!, host: host!, startedMs: Number(startedMs) };
    });
    const released = kills.flatMap((kill) =>
      kill.heldProbeLocks.map((lock) => {
        // A run the victim started just before it died can print its line after the kill (its orphaned
        // child runs on): the victim host's lines before its restart are that run, not the next one.
        const restartedAt = kill.killedAt + kill.restartMs;
        const next = probes
          .filter((probe) => probe.taskId === lock.taskId && probe.startedMs > kill.killedAt && (probe.host !== kill.host || probe.startedMs > restartedAt))
          .sort((a, b) => a.startedMs - b.startedMs)[0];
        return {
          what: `${lock.taskId} held by ${kill.host} killed at ${kill.killedAt - startedAt} ms`,
          expiresInMs: lock.expiresAt - kill.killedAt,
          nextRunAfterMs: next === undefined ? null : next.startedMs - kill.killedAt,
          nextRunBeforeExpiryMs: next === undefined ? null : lock.expiresAt - next.startedMs,
          allowedMs: TAKE_OVER_MS + outageOverlap(kill.killedAt, kill.killedAt + TAKE_OVER_MS),
        };
      }),
    );
    recordFigures(profile, 'overlapLocksOfKilledDaemons', {
      ttlMs: faults.overlapTtlMs,
      locksHeldByKilledDaemons: released.length,
      stillHeldHalfASecondAfterTtl: heldAfterOneTtl.reduce((sum, count) => sum + count, 0),
      nextRunAfterKillMs: released.map((entry) => entry.nextRunAfterMs),
    });
    expect(released.length).toBeGreaterThan(0);
    // The lock store itself: nothing the dead daemons owned survives one TTL.
    expect(heldAfterOneTtl).toEqual(kills.map(() => 0));
    for (const entry of released) {
      // The dead daemon renewed the lock at most a TTL before it died, so it expires within a TTL of the kill.
      expect(entry.expiresInMs, entry.what).toBeLessThanOrEqual(faults.overlapTtlMs);
      expect(entry.nextRunAfterMs, `${entry.what}: the task never ran again`).not.toBeNull();
      // Blocked until the lock expired (the orphaned child may still be running until then)…
      expect(entry.nextRunBeforeExpiryMs!, entry.what).toBeLessThanOrEqual(50);
      // …then taken at one of the next slots (each second; a loaded machine can lose a few to slow pulses),
      // not counting the Redis outage, when no slot can start anywhere.
      expect(entry.nextRunAfterMs!, entry.what).toBeLessThanOrEqual(entry.allowedMs);
    }
  });

  it('stops every surviving daemon cleanly at the end', () => {
    expect(exits.map(({ host, code, signal }) => ({ host, code, signal }))).toEqual(cluster.members.map((member) => ({ host: member.host, code: 0, signal: null })));
  });

  it('never writes the Redis password into a log, even while Redis is down', () => {
    const raw = readRawLogs(cluster.logFiles());
    expect(raw).toContain('lock-unavailable');
    expect(raw.includes(cluster.redis.password!)).toBe(false);
  });
});

function sleepUntil(at: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
}
