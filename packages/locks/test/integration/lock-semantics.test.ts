import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LockProvider } from '@monkeyslegion/scheduler-core';
import { isServiceAvailable, testRedisUrl, uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import { SqliteCacheStore } from '@monkeyslegion/scheduler-cache/sqlite';
import { CacheLockProvider } from '../../src/cache.js';
import { FileLockProvider } from '../../src/file.js';
import { acquireOverlapLock, claimSlot, overlapLockKey } from '../../src/index.js';
import { RedisLockProvider } from '../../src/redis.js';

const redisUp = await isServiceAvailable('Redis', testRedisUrl());
let root: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'legion-lock-semantics-'));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const backends: Array<[string, boolean, () => Promise<{ provider: LockProvider; cleanup(): Promise<void> }>]> = [
  [
    'file',
    true,
    async () => {
      const provider = new FileLockProvider({ dir: await fs.mkdtemp(path.join(root, 'file-')) });
      return { provider, cleanup: () => provider.close() };
    },
  ],
  [
    'sqlite cache',
    true,
    async () => {
      const store = new SqliteCacheStore({ file: path.join(await fs.mkdtemp(path.join(root, 'sqlite-')), 'cache.db') });
      return { provider: new CacheLockProvider(store), cleanup: () => store.close() };
    },
  ],
  [
    'redis',
    redisUp,
    async () => {
      const provider = new RedisLockProvider({ url: testRedisUrl(), prefix: `${uniqueTestPrefix('semantics')}:lock:` });
      return {
        provider,
        cleanup: async () => {
          for (const lock of await provider.list()) await provider.forceRelease(lock.key);
          await provider.close();
        },
      };
    },
  ],
];

describe.each(backends)('lock semantics on %s', (_name, available, factory) => {
  let provider: LockProvider;
  let cleanup: () => Promise<void>;

  beforeEach(async (context) => {
    if (!available) context.skip();
    ({ provider, cleanup } = await factory());
  });

  afterEach(async () => {
    await cleanup?.();
  });

  it('keeps a renewed overlap lock for several TTLs, then frees it on release', async () => {
    const lock = await acquireOverlapLock(provider, { id: 'long:task', overlapTtlMs: 300 }, { runId: 'r1' });
    expect(lock).not.toBeNull();
    for (let check = 0; check < 3; check += 1) {
      await sleep(300);
      await expect(acquireOverlapLock(provider, { id: 'long:task', overlapTtlMs: 300 })).resolves.toBeNull();
    }
    expect(lock!.lost).toBe(false);
    expect((await provider.list('overlap:'))[0]).toMatchObject({ key: overlapLockKey('long:task'), owner: { runId: 'r1' } });
    await expect(lock!.release()).resolves.toBe(true);
    const next = await acquireOverlapLock(provider, { id: 'long:task', overlapTtlMs: 300 });
    expect(next).not.toBeNull();
    await next!.release();
  });

  it('reports an overlap lock lost when an operator force-releases it and another run takes it', async () => {
    const lock = await acquireOverlapLock(provider, { id: 'victim', overlapTtlMs: 300 });
    const lost = new Promise<string>((resolve) => lock!.onLost(resolve));
    await provider.forceRelease(overlapLockKey('victim'));
    const usurper = await acquireOverlapLock(provider, { id: 'victim', overlapTtlMs: 5000 });
    expect(usurper).not.toBeNull();
    await expect(lost).resolves.toBe('taken');
    expect(lock!.lost).toBe(true);
    await expect(lock!.release()).resolves.toBe(false);
    // The loser's release left the new holder's lock alone.
    await expect(acquireOverlapLock(provider, { id: 'victim', overlapTtlMs: 300 })).resolves.toBeNull();
    await usurper!.release();
  });

  it('claims a cluster slot once, and the same slot again only after the hold has passed', async () => {
    const slot = new Date('2025-06-01T02:00:00Z');
    const claim = { taskId: 'nightly', slot, scope: 'cluster' as const, holdMs: 400 };
    expect(await claimSlot(provider, claim)).toBe(true);
    expect(await claimSlot(provider, claim)).toBe(false);
    expect(await claimSlot(provider, { ...claim, slot: new Date('2025-06-02T02:00:00Z') })).toBe(true);
    await sleep(400 + 150);
    expect(await claimSlot(provider, claim)).toBe(true);
  });

  it('claims a host slot once per host, independently of the cluster claim', async () => {
    const slot = new Date('2025-06-01T02:05:00Z');
    const onHost = (host: string) => claimSlot(provider, { taskId: 'tick', slot, scope: 'host', host, holdMs: 10_000 });
    expect(await onHost('web-1')).toBe(true);
    expect(await onHost('web-1')).toBe(false);
    expect(await onHost('web-2')).toBe(true);
    expect(await claimSlot(provider, { taskId: 'tick', slot, scope: 'cluster', holdMs: 10_000 })).toBe(true);
  });

  it('lets 20 concurrent claims of one slot produce exactly one winner', async () => {
    const slot = new Date('2025-06-01T03:00:00Z');
    const results = await Promise.all(
      Array.from({ length: 20 }, () => claimSlot(provider, { taskId: 'race', slot, scope: 'cluster', holdMs: 10_000 })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
