import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '@monkeyslegion/scheduler-core';
import { MemoryCacheStore } from '@monkeyslegion/scheduler-cache/memory';
import { SqliteCacheStore } from '@monkeyslegion/scheduler-cache/sqlite';
import { CacheLockProvider, supportsCompareAndSwap } from '../../src/cache.js';
import { describeLockProviderConformance } from '../../src/testing.js';
import { PlainCacheStore } from './plain-cache-store.js';
import { SerializedCasStore } from './serialized-cas-store.js';

let root: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'legion-cache-locks-'));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describeLockProviderConformance('CacheLockProvider (MemoryCacheStore)', async () => {
  const store = new MemoryCacheStore();
  const provider = new CacheLockProvider(store);
  return { provider, cleanup: () => store.close() };
});

describeLockProviderConformance('CacheLockProvider (SqliteCacheStore)', async () => {
  const store = new SqliteCacheStore({ file: path.join(root, `${Math.random().toString(36).slice(2)}.db`) });
  const provider = new CacheLockProvider(store);
  return { provider, cleanup: () => store.close() };
});

describeLockProviderConformance('CacheLockProvider (store with compare-and-swap)', async () => {
  const store = new SerializedCasStore(new MemoryCacheStore());
  const provider = new CacheLockProvider(store);
  expect(provider.isAtomic).toBe(true);
  return { provider, cleanup: () => store.close() };
});

describe('CacheLockProvider', () => {
  it('detects compare-and-swap support only when a store has both methods', () => {
    const plain = new PlainCacheStore(new MemoryCacheStore());
    expect(supportsCompareAndSwap(plain)).toBe(false);
    expect(new CacheLockProvider(plain).isAtomic).toBe(false);
    expect(supportsCompareAndSwap(new SerializedCasStore(plain))).toBe(true);
    expect(supportsCompareAndSwap(Object.assign(new PlainCacheStore(new MemoryCacheStore()), { compareAndSwap: async () => true }))).toBe(false);
  });

  it('keeps its locks under its own prefix inside the store', async () => {
    const store = new MemoryCacheStore();
    const provider = new CacheLockProvider(store, { prefix: 'locks-here:' });
    const lease = await provider.acquire('job', 10_000, { runId: 'r1' });
    expect(await store.keys('locks-here:')).toEqual(['locks-here:job']);
    expect(await store.get('locks-here:job')).toMatchObject({ token: lease!.token, runId: 'r1', pid: process.pid });
  });

  it('refuses, without a compare-and-swap store, to extend a lock within the safety margin of its expiry', async () => {
    const store = new PlainCacheStore(new MemoryCacheStore());
    const provider = new CacheLockProvider(store, { safetyMarginMs: 5_000 });
    const lease = await provider.acquire('margin', 4_000);
    // Less than the margin remains: a read-then-write could land after the key expired and was taken.
    await expect(lease!.extend(60_000)).resolves.toBe(false);
    const roomy = await provider.acquire('roomy', 60_000);
    await expect(roomy!.extend(60_000)).resolves.toBe(true);
  });

  it('ignores foreign values under its prefix in list()', async () => {
    const store = new MemoryCacheStore();
    const provider = new CacheLockProvider(store);
    await store.put('lock:not-a-lock', { hello: 'world' }, 10_000);
    await provider.acquire('real', 10_000);
    expect((await provider.list()).map((lock) => lock.key)).toEqual(['real']);
  });

  it('rejects something that is not a cache store with a ConfigurationError', () => {
    expect(() => new CacheLockProvider({} as never)).toThrow(ConfigurationError);
    expect(() => new CacheLockProvider(new MemoryCacheStore(), { safetyMarginMs: -1 })).toThrow(ConfigurationError);
  });
});
