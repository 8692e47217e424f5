import path from 'node:path';
import { registerCleanup } from '../measure/exit-cleanup.js';
import { startExtraRedisServers, type ExtraRedisServers } from '../measure/extra-redis-servers.js';
import { deleteKeysContaining } from '../measure/redis-keys.js';
import { summarize } from '../measure/stats.js';
import { runSubject } from '../measure/subject-process.js';
import { formatRate, formatRatio, medianP99, medianRange } from '../report/format.js';
import type { GoalCheck, ReportTable } from '../report/report-model.js';
import type { LockPairsInput, LockPairsResult, LockSubjectKind } from '../subjects/lock-pairs.js';
import type { BenchSection } from './section.js';

const ISSUE_GOAL = 'Goal: our Redis provider ≥ 0.9× raw redlock.';

const SUBJECTS: readonly { kind: LockSubjectKind; label: string }[] = [
  { kind: 'ours-redis', label: 'ours: RedisLockProvider, 1 node' },
  { kind: 'redlock', label: 'raw redlock, 1 node' },
  { kind: 'raw-set-nx', label: 'raw `SET NX PX` + Lua release, 1 node' },
  { kind: 'ours-redis-quorum', label: 'ours: RedisLockProvider, 3-node quorum' },
  { kind: 'redlock-quorum', label: 'raw redlock, 3-node quorum' },
  { kind: 'ours-file', label: 'ours: FileLockProvider' },
  { kind: 'ours-sqlite-cache', label: 'ours: CacheLockProvider on SqliteCacheStore' },
];

/** Section 5: acquire+release throughput and latency of our lock providers beside raw redlock and SET NX. */
export const locksSection: BenchSection = {
  id: 'locks',
  title: '5. Locks',
  async run(context) {
    const { plan } = context;
    let extra: ExtraRedisServers | null = null;
    const results = new Map<LockSubjectKind, LockPairsResult | string>();
    const prefix = `${context.runPrefix}-locks`;
    const unregister = registerCleanup(async () => {
      await extra?.stop();
      await deleteKeysContaining(context.redisUrl, prefix);
    });
    try {
      context.log('locks: starting two extra redis-servers for the quorum');
      try {
        extra = await startExtraRedisServers(2, path.join(context.workDir, 'redis'));
      } catch (error) {
        context.log(`locks: extra redis-servers unavailable: ${(error as Error).message}`);
      }
      for (const subject of SUBJECTS) {
        const quorum = subject.kind.endsWith('quorum');
        if (quorum && !extra) {
          results.set(subject.kind, 'needs two extra redis-server processes, which could not be started');
          continue;
        }
        context.log(`locks: ${subject.kind}`);
        const input: LockPairsInput = {
          kind: subject.kind,
          redisUrls: quorum ? [context.redisUrl, ...extra!.urls] : [context.redisUrl],
          prefix,
          dir: path.join(context.workDir, 'locks'),
          pairs: plan.locks.pairs,
          rounds: plan.locks.rounds,
          warmup: Math.min(200, plan.locks.pairs),
        };
        try {
          results.set(subject.kind, await runSubject<LockPairsResult>('lock-pairs', input, { timeoutMs: 300_000 }));
        } catch (error) {
          results.set(subject.kind, (error as Error).message);
        }
      }
    } finally {
      await extra?.stop();
      await deleteKeysContaining(context.redisUrl, prefix).catch(() => 0);
      unregister();
    }

    const figures: ReportTable = {
      caption: `Sequential acquire + release pairs on one free key (${plan.locks.pairs} pairs per round after ${Math.min(200, plan.locks.pairs)} warm-up pairs; pairs per second as median and min–max over ${plan.locks.rounds} round(s); pair latency median and p99 over all rounds).`,
      headers: ['provider', 'pairs per second', 'pair latency'],
      rows: [],
    };
    const findings: string[] = [];
    const rate = (kind: LockSubjectKind) => {
      const result = results.get(kind);
      return typeof result === 'object' ? summarize(result.rounds.map((round) => round.pairsPerSecond)) : null;
    };
    for (const subject of SUBJECTS) {
      const result = results.get(subject.kind);
      if (typeof result !== 'object') {
        figures.rows.push([subject.label, `not measured: ${result ?? 'skipped'}`, '']);
        findings.push(`${subject.label} was not measured: ${result ?? 'skipped'}`);
        continue;
      }
      figures.rows.push([subject.label, medianRange(rate(subject.kind), (value) => formatRate(value)), medianP99(summarize(result.rounds.flatMap((round) => round.latencies)))]);
    }

    const goals: GoalCheck[] = [];
    const ours = rate('ours-redis');
    const redlock = rate('redlock');
    if (ours && redlock) {
      const ratio = ours.median / redlock.median;
      goals.push({
        goal: 'our Redis provider ≥ 0.9× raw redlock',
        measured: `${formatRate(ours.median)} vs ${formatRate(redlock.median)} pairs (1 node, medians) = ${formatRatio(ratio)}`,
        verdict: ratio >= 0.9 ? 'met' : 'missed',
        ...(ratio >= 0.9 ? {} : { gap: `Ours reaches ${formatRatio(ratio)} of raw redlock's pairs per second; it needs ${formatRatio(0.9 / ratio)} more (${formatRate(0.9 * redlock.median)}) to meet 0.9×.` }),
      });
    } else {
      goals.push({ goal: 'our Redis provider ≥ 0.9× raw redlock', measured: '—', verdict: 'not-measured', gap: 'Ours or raw redlock could not be measured in this run.' });
    }
    const failed = [...results.values()].some((result) => typeof result !== 'object');
    return {
      id: locksSection.id,
      title: locksSection.title,
      status: failed ? ('partial' as const) : ('measured' as const),
      issueGoals: ISSUE_GOAL,
      method: [
        'Each provider runs in its own process and does sequential acquire + release pairs on one key (TTL 30 s) — the same method as `benchLocks` in `packages/locks/bench/lock-bench.ts`, which is not part of the package\'s exports and so is re-implemented here against the `LockProvider` contract.',
        'Ours: `RedisLockProvider` (redlock with owner metadata), `FileLockProvider` and `CacheLockProvider` over `SqliteCacheStore`, files in a temporary folder. Raw redlock: `new Redlock(clients, { retryCount: 0 })`, `acquire([key], ttl)` then `lock.release()`. Raw SET NX: `SET key token PX ttl NX`, released by a compare-and-delete Lua script (EVALSHA). The 3-node quorum uses the shared Redis plus two `redis-server --save "" --appendonly no` started on free ports for the section and shut down after it.',
      ],
      tables: [figures],
      goals,
      findings,
    };
  },
};
