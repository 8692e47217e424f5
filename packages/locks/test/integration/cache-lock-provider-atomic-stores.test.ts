import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheStore } from '@monkeyslegion/scheduler-core';
import { isServiceAvailable, testRedisUrl, uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import { MemoryCacheStore } from '@monkeyslegion/scheduler-cache/memory';
import { RedisCacheStore } from '@monkeyslegion/scheduler-cache/redis';
import { SqliteCacheStore } from '@monkeyslegion/scheduler-cache/sqlite';
import { CacheLockProvider } from '../../src/cache.js';
import { describeLockProviderConformance } from '../../src/testing.js';
import { PlainCacheStore } from './plain-cache-store.js';

const url = testRedisUrl();
const redisUp = await isServiceAvailable('Redis', url);
const runPrefix = `${uniqueTestPrefix('cas-locks')}:`;

let root: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'legion-cas-locks-'));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
  if (!redisUp) return;
  const admin = new Redis(url);
  const keys = await admin.keys(`${runPrefix}*`);
  if (keys.length > 0) await admin.del(...keys);
  await admin.quit();
});

/** The real stores, each opened fresh in its own namespace. */
const stores: { name: string; enabled: boolean; open(): Promise<CacheStore> }[] = [
  { name: 'MemoryCacheStore', enabled: true, open: async () => new MemoryCacheStore() },
  {
    name: 'SqliteCacheStore',
    enabled: true,
    open: async () => new SqliteCacheStore({ file: path.join(root, 'locks.db'), prefix: `${uniqueTestPrefix('sqlite')}:` }),
  },
  {
    name: 'RedisCacheStore',
    enabled: redisUp,
    open: async () => new RedisCacheStore({ url, prefix: `${runPrefix}${uniqueTestPrefix('redis')}:` }),
  },
];

for (const { name, enabled, open } of stores) {
  describe.skipIf(!enabled)(`CacheLockProvider over the real ${name}`, () => {
    describeLockProviderConformance(`CacheLockProvider (${name}, atomic)`, async () => {
      const store = await open();
      const provider = new CacheLockProvider(store);
      expect(provider.isAtomic).toBe(true);
      return { provider, cleanup: () => store.close() };
    });

    it('reports isAtomic, since the store has compareAndSwap and compareAndDelete', async () => {
      const store = await open();
      expect(typeof store.compareAndSwap).toBe('function');
      expect(typeof store.compareAndDelete).toBe('function');
      expect(new CacheLockProvider(store).isAtomic).toBe(true);
      await store.close();
    });

    it('extends a lock close to its expiry, which only the compare-and-swap path allows', async () => {
      const store = await open();
      // The read-then-write fallback refuses within safetyMarginMs of expiry; compare-and-swap needs no margin.
      const provider = new CacheLockProvider(store, { safetyMarginMs: 5_000 });
      const lease = await provider.acquire('near-expiry', 4_000);
      expect(await lease!.extend(60_000)).toBe(true);
      expect(lease!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
      expect((await provider.list('near-expiry')).map((lock) => lock.expiresAt.getTime())).toEqual([lease!.expiresAt.getTime()]);
      expect(await lease!.release()).toBe(true);
      expect(await provider.list('near-expiry')).toEqual([]);
      await store.close();
    });

    it('never lets a lease whose lock was force-released and re-acquired extend or release the new holder', async () => {
      const store = await open();
      const provider = new CacheLockProvider(store);
      const stale = await provider.acquire('taken-over', 60_000, { runId: 'old' });
      expect(await provider.forceRelease('taken-over')).toBe(true);
      const fresh = await provider.acquire('taken-over', 60_000, { runId: 'new' });
      expect(fresh).not.toBeNull();
      expect(await stale!.extend(60_000)).toBe(false);
      expect(await stale!.release()).toBe(false);
      expect((await provider.list('taken-over')).map((lock) => lock.owner.runId)).toEqual(['new']);
      expect(await fresh!.release()).toBe(true);
      await store.close();
    });
  });
}

// The stores above all take the atomic path now; this keeps the fallback for third-party stores under test.
describeLockProviderConformance('CacheLockProvider (SqliteCacheStore with compare-and-swap hidden, fallback)', async () => {
  const store = new PlainCacheStore(new SqliteCacheStore({ file: path.join(root, 'fallback.db'), prefix: `${uniqueTestPrefix('plain')}:` }));
  const provider = new CacheLockProvider(store);
  expect(provider.isAtomic).toBe(false);
  return { provider, cleanup: () => store.close() };
});
