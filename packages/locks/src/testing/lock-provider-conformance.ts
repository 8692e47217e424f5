import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Lease, LockProvider } from '@monkeyslegion/scheduler-core';

/** What the conformance factory returns: a fresh provider and how to dispose of it and its data. */
export interface LockProviderFixture {
  /** The provider under test. */
  provider: LockProvider;
  /** Closes the provider (it may already be closed) and removes what the test created. */
  cleanup(): Promise<void>;
}

/** Tuning of the conformance suite. */
export interface LockProviderConformanceOptions {
  /**
   * TTL of the expiry tests, in milliseconds; waits are this plus `slackMs`.
   * @default 300
   */
  shortTtlMs?: number;
  /**
   * Extra wait after a TTL before a lock must be gone (backend expiry granularity, busy machines).
   * @default 150
   */
  slackMs?: number;
  /**
   * Concurrent acquires of one key in the race test.
   * @default 30
   */
  concurrency?: number;
}

/**
 * Registers the `LockProvider` contract tests (vitest) for one provider: contention returns `null`,
 * release/TTL free the key, extend pushes expiry, only the owner token extends or releases, force
 * release, `list()` with owners and literal prefixes, one winner among concurrent acquires, close.
 *
 * @example
 * describeLockProviderConformance('redis', async () => {
 *   const provider = new RedisLockProvider({ url, prefix: `${uniqueTestPrefix()}:` });
 *   return { provider, cleanup: () => provider.close() };
 * });
 */
export function describeLockProviderConformance(
  name: string,
  factory: () => Promise<LockProviderFixture>,
  options: LockProviderConformanceOptions = {},
): void {
  const ttl = options.shortTtlMs ?? 300;
  const slack = options.slackMs ?? 150;
  const concurrency = options.concurrency ?? 30;

  describe(`${name} conforms to the LockProvider contract`, () => {
    let fixture: LockProviderFixture;
    let provider: LockProvider;
    let namespace: string;
    const leases: Lease[] = [];
    const key = (label: string) => `${namespace}${label}`;
    const hold = async (label: string, ttlMs: number, runId?: string) => {
      const lease = await provider.acquire(key(label), ttlMs, runId === undefined ? undefined : { runId });
      if (lease) leases.push(lease);
      return lease;
    };

    beforeEach(async () => {
      fixture = await factory();
      provider = fixture.provider;
      // Keys of each test are unique, so providers sharing a backend (one Redis) never see each other's locks.
      namespace = `conformance-${randomBytes(4).toString('hex')}:`;
    });

    afterEach(async () => {
      await Promise.allSettled(leases.splice(0).map((lease) => lease.release()));
      await fixture.cleanup();
    });

    it('acquires a free key and returns a lease with the key, a token and a future expiry', async () => {
      const before = Date.now();
      const lease = await hold('free', 10_000);
      expect(lease).not.toBeNull();
      expect(lease!.key).toBe(key('free'));
      expect(typeof lease!.token).toBe('string');
      expect(lease!.token.length).toBeGreaterThanOrEqual(16);
      expect(lease!.expiresAt.getTime()).toBeGreaterThan(before);
      expect(lease!.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 10_000 + slack);
    });

    it('returns null, not an error, while another owner holds the key', async () => {
      expect(await hold('busy', 10_000, 'first')).not.toBeNull();
      await expect(provider.acquire(key('busy'), 10_000, { runId: 'second' })).resolves.toBeNull();
    });

    it('gives every lease its own token', async () => {
      const first = await hold('token-a', 10_000);
      const second = await hold('token-b', 10_000);
      expect(first!.token).not.toBe(second!.token);
    });

    it('frees the key on release, so the next acquire succeeds', async () => {
      const lease = await hold('release', 10_000);
      await expect(lease!.release()).resolves.toBe(true);
      expect(await hold('release', 10_000)).not.toBeNull();
    });

    it('answers false to a second release of the same lease', async () => {
      const lease = await hold('twice', 10_000);
      await expect(lease!.release()).resolves.toBe(true);
      await expect(lease!.release()).resolves.toBe(false);
    });

    it('does not touch other keys when releasing one', async () => {
      const one = await hold('one', 10_000);
      expect(await hold('two', 10_000)).not.toBeNull();
      await one!.release();
      await expect(provider.acquire(key('two'), 10_000)).resolves.toBeNull();
    });

    it('frees the key once its TTL has passed', async () => {
      expect(await hold('expiry', ttl)).not.toBeNull();
      await expect(provider.acquire(key('expiry'), ttl)).resolves.toBeNull();
      await sleep(ttl + slack);
      expect(await hold('expiry', 10_000)).not.toBeNull();
    });

    it('pushes the expiry forward on extend, so the lock outlives its first TTL', async () => {
      const lease = await hold('extend', ttl);
      const firstExpiry = lease!.expiresAt.getTime();
      await expect(lease!.extend(ttl * 5)).resolves.toBe(true);
      expect(lease!.expiresAt.getTime()).toBeGreaterThan(firstExpiry);
      await sleep(ttl + slack);
      await expect(provider.acquire(key('extend'), 10_000)).resolves.toBeNull();
      await expect(lease!.release()).resolves.toBe(true);
    });

    it('refuses release and extend by an owner whose lease expired and was taken, and leaves the new holder alone', async () => {
      const first = await hold('owner', ttl, 'first-run');
      await sleep(ttl + slack);
      const second = await hold('owner', 10_000, 'second-run');
      expect(second).not.toBeNull();

      await expect(first!.release()).resolves.toBe(false);
      await expect(first!.extend(10_000)).resolves.toBe(false);

      await expect(provider.acquire(key('owner'), 10_000)).resolves.toBeNull();
      const [listed] = await provider.list(key('owner'));
      expect(listed?.owner.runId).toBe('second-run');
      await expect(second!.extend(10_000)).resolves.toBe(true);
      await expect(second!.release()).resolves.toBe(true);
    });

    it('refuses extend of a lease that expired even when nobody took the key', async () => {
      const lease = await hold('lapsed', ttl);
      await sleep(ttl + slack);
      await expect(lease!.extend(10_000)).resolves.toBe(false);
      expect(await hold('lapsed', 10_000)).not.toBeNull();
    });

    it('force-releases a lock whoever holds it, and says whether there was one', async () => {
      const lease = await hold('force', 10_000);
      await expect(provider.forceRelease(key('force'))).resolves.toBe(true);
      await expect(provider.forceRelease(key('force'))).resolves.toBe(false);
      const next = await hold('force', 10_000, 'after-force');
      expect(next).not.toBeNull();
      await expect(lease!.release()).resolves.toBe(false);
      await expect(lease!.extend(10_000)).resolves.toBe(false);
      await expect(provider.acquire(key('force'), 10_000)).resolves.toBeNull();
    });

    it('lists live locks with owner host, pid, run id and expiry', async () => {
      const before = Date.now();
      await hold('listed', 10_000, 'run-42');
      const released = await hold('gone', 10_000);
      await released!.release();
      await hold('short', ttl);
      await sleep(ttl + slack);

      const locks = await provider.list(namespace);
      expect(locks.map((lock) => lock.key)).toEqual([key('listed')]);
      const [lock] = locks;
      expect(lock!.owner).toEqual({ host: os.hostname(), pid: process.pid, runId: 'run-42' });
      expect(lock!.expiresAt.getTime()).toBeGreaterThan(Date.now());
      expect(lock!.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 10_000 + slack);
      if (lock!.acquiredAt !== null) {
        expect(lock!.acquiredAt.getTime()).toBeGreaterThanOrEqual(before - slack);
        expect(lock!.acquiredAt.getTime()).toBeLessThanOrEqual(Date.now());
      }
    });

    it('lists by literal prefix, reading glob and pattern characters as themselves', async () => {
      const hostile = ['h*[x]?:1', 'h*[x]?:2', 'h*[x]?\\ ü/../%_:3'];
      const decoys = ['hab[x]?:1', 'h*[y]?:1', 'hx', 'h%[x]_:1', 'H*[X]?:1'];
      for (const label of [...hostile, ...decoys]) expect(await hold(label, 10_000)).not.toBeNull();

      const listed = (await provider.list(key('h*[x]?'))).map((lock) => lock.key).sort();
      expect(listed).toEqual(hostile.map(key).sort());
      expect(await provider.list(key('nothing-here'))).toEqual([]);
    });

    it('keeps keys with separators, traversal and unicode distinct and round-trips them through list', async () => {
      const labels = ['a:b:c', 'a:b', 'a', '../../etc/passwd', 'dir/sub', 'with space', '∞ ünïcødé 🔒', 'x'.repeat(2000)];
      for (const label of labels) expect(await hold(label, 10_000)).not.toBeNull();
      for (const label of labels) await expect(provider.acquire(key(label), 10_000)).resolves.toBeNull();
      const listed = (await provider.list(namespace)).map((lock) => lock.key).sort();
      expect(listed).toEqual(labels.map(key).sort());
    });

    it(`grants exactly one of ${concurrency} concurrent acquires of one key`, async () => {
      const results = await Promise.all(
        Array.from({ length: concurrency }, (_, index) => provider.acquire(key('race'), 10_000, { runId: `racer-${index}` })),
      );
      const winners = results.filter((lease): lease is Lease => lease !== null);
      leases.push(...winners);
      expect(winners).toHaveLength(1);
    });

    it('closes without error, and tolerates being closed twice', async () => {
      await hold('close', 10_000);
      await leases.pop()!.release();
      await expect(provider.close()).resolves.toBeUndefined();
      await expect(provider.close()).resolves.toBeUndefined();
    });
  });
}
