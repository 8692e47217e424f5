import { Task, type LockProvider } from '@monkeyslegion/scheduler-core';
import { MemoryCacheStore } from '@monkeyslegion/scheduler-cache';
import { OVERLAP_LOCK_PREFIX } from '@monkeyslegion/scheduler-locks';
import { CacheLockProvider } from '@monkeyslegion/scheduler-locks/cache';
import { describe, expect, it } from 'vitest';
import { takeRunClaims, type ClaimRequest } from './take-run-claims.js';

const SLOT = new Date('2026-03-02T10:00:00.000Z');
const task = new Task({ id: 'report', kind: 'command', command: 'true', expression: '* * * * *', timezone: 'UTC', onOneServer: true, withoutOverlapping: true });

// A lock store where some acquires answer late, keyed by who asks for what: the interleaving a remote
// store produces when two servers reach it at the same instant.
function delayedAcquires(inner: LockProvider, delayMs: (key: string, owner: string) => number): LockProvider {
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'acquire') {
        return async (key: string, ttlMs: number, owner?: { host?: string }) => {
          await new Promise((resolve) => setTimeout(resolve, delayMs(key, owner?.host ?? '')));
          return target.acquire(key, ttlMs, owner);
        };
      }
      const member = Reflect.get(target, property, receiver) as unknown;
      return typeof member === 'function' ? member.bind(target) : member;
    },
  });
}

// Server a's overlap lock answers at once and its claim late; server b's claim at once and its overlap
// lock in between.
const raceOverlapFirst = (key: string, host: string): number => {
  const overlap = key.startsWith(OVERLAP_LOCK_PREFIX);
  if (host === 'a') return overlap ? 0 : 20;
  return overlap ? 10 : 0;
};

const request = (host: string, plan: Partial<ClaimRequest['plan']> = {}): ClaimRequest => ({
  task,
  scheduledAt: SLOT,
  plan: { hostSlot: false, clusterSlot: true, overlapLock: true, ...plan },
  host,
  owner: { host, pid: 1, runId: `run-on-${host}` },
  holdMs: 120_000,
});

describe('takeRunClaims', () => {
  it('lets exactly one of two servers run a free slot, whichever store answers first', async () => {
    // Server a reaches the overlap lock first, server b the cluster claim: each used to win one and skip.
    const locks = delayedAcquires(new CacheLockProvider(new MemoryCacheStore()), raceOverlapFirst);
    const outcomes = await Promise.all([takeRunClaims(locks, request('a')), takeRunClaims(locks, request('b'))]);

    expect(outcomes.map((outcome) => (outcome.ok ? 'run' : outcome.failure.reason)).sort()).toEqual(['one-server', 'run']);
    expect((await locks.list(OVERLAP_LOCK_PREFIX)).map((lock) => lock.owner?.host)).toEqual(['b']);
    for (const outcome of outcomes) if (outcome.ok) await outcome.lock?.release();
  });

  it('lets exactly one of two heartbeats on one host run a free slot', async () => {
    const locks = delayedAcquires(new CacheLockProvider(new MemoryCacheStore()), raceOverlapFirst);
    const plan = { hostSlot: true, clusterSlot: false };
    const [first, second] = await Promise.all([takeRunClaims(locks, { ...request('a', plan), host: 'same' }), takeRunClaims(locks, { ...request('b', plan), host: 'same' })]);

    expect([first, second].map((outcome) => (outcome.ok ? 'run' : outcome.failure.reason)).sort()).toEqual(['already-ran', 'run']);
    for (const outcome of [first, second]) if (outcome.ok) await outcome.lock?.release();
  });

  it('takes no overlap lock for a slot another server claimed', async () => {
    const locks = new CacheLockProvider(new MemoryCacheStore());
    const first = await takeRunClaims(locks, request('a'));
    const second = await takeRunClaims(locks, request('b'));

    expect(second).toEqual({ ok: false, failure: { reason: 'one-server', detail: `slot ${SLOT.toISOString()} was claimed by another server` } });
    expect((await locks.list(OVERLAP_LOCK_PREFIX)).map((lock) => lock.owner?.host)).toEqual(['a']);
    if (first.ok) await first.lock?.release();
  });

  it('fails closed as lock-unavailable when the store cannot be reached', async () => {
    const broken = new Proxy(new CacheLockProvider(new MemoryCacheStore()), {
      get: (target, property) => (property === 'acquire' ? () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6390')) : Reflect.get(target, property)),
    });
    const outcome = await takeRunClaims(broken, request('a'));

    expect(outcome).toEqual({ ok: false, failure: { reason: 'lock-unavailable', detail: 'slot claim unavailable: connect ECONNREFUSED 127.0.0.1:6390' } });
  });
});
