import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lease, LockProvider } from '@monkeyslegion/scheduler-core';
import { isServiceAvailable, testRedisUrl, uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import { SqliteCacheStore } from '@monkeyslegion/scheduler-cache/sqlite';
import { CacheLockProvider } from '../../src/cache.js';
import { FileLockProvider } from '../../src/file.js';
import { RedisLockProvider } from '../../src/redis.js';
import { RacerPool } from './racer-pool.js';

const redisUp = await isServiceAvailable('Redis', testRedisUrl());
const TTL_MS = 1500;

/** Kills `child` with SIGKILL (no cleanup code can run) and waits until it is gone. */
async function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

/** Tries to acquire every 50 ms until it succeeds or `limitMs` passes; returns the lease and when it came. */
async function acquireWithin(provider: LockProvider, key: string, limitMs: number): Promise<{ lease: Lease | null; afterMs: number }> {
  const started = performance.now();
  for (;;) {
    const lease = await provider.acquire(key, 10_000);
    const afterMs = performance.now() - started;
    if (lease || afterMs > limitMs) return { lease, afterMs };
    await sleep(50);
  }
}

describe('a lock holder killed with SIGKILL', () => {
  let pool: RacerPool;
  let root: string;

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'legion-crash-'));
    pool = await RacerPool.start(3);
  }, 120_000);

  afterAll(async () => {
    await pool?.stop();
    await fs.rm(root, { recursive: true, force: true });
  });

  async function holdThenKill(child: ChildProcess, key: string, ttlMs: number): Promise<void> {
    const [answer] = await pool.ask([child], { type: 'go', key, ttlMs, round: 0, at: 0 }, 'answer');
    expect(answer!.won).toBe(true);
    await killHard(child);
  }

  it('frees a file lock at once, because its owner pid is dead on this host', async () => {
    const dir = path.join(root, 'locks');
    const child = pool.children[0]!;
    await pool.open('file', { dir }, [child]);
    // A TTL of a minute: only the dead-pid check can free it in time.
    await holdThenKill(child, 'crash:file', 60_000);
    const provider = new FileLockProvider({ dir });
    const lease = await provider.acquire('crash:file', 10_000);
    expect(lease).not.toBeNull();
    await lease!.release();
  });

  it('frees a SQLite cache lock within its TTL plus one second', async () => {
    const file = path.join(root, 'cache.db');
    const child = pool.children[1]!;
    await pool.open('sqlite-cache', { file }, [child]);
    await holdThenKill(child, 'crash:sqlite', TTL_MS);
    const store = new SqliteCacheStore({ file });
    const provider = new CacheLockProvider(store);
    await expect(provider.acquire('crash:sqlite', 10_000)).resolves.toBeNull();
    const { lease, afterMs } = await acquireWithin(provider, 'crash:sqlite', TTL_MS + 1000);
    expect(lease).not.toBeNull();
    expect(afterMs).toBeLessThanOrEqual(TTL_MS + 1000);
    await store.close();
  });

  it.skipIf(!redisUp)('frees a Redis lock within its TTL plus one second', async () => {
    const prefix = `${uniqueTestPrefix('crash')}:lock:`;
    const child = pool.children[2]!;
    await pool.open('redis', { url: testRedisUrl(), prefix }, [child]);
    await holdThenKill(child, 'crash:redis', TTL_MS);
    const provider = new RedisLockProvider({ url: testRedisUrl(), prefix });
    await expect(provider.acquire('crash:redis', 10_000)).resolves.toBeNull();
    const { lease, afterMs } = await acquireWithin(provider, 'crash:redis', TTL_MS + 1000);
    expect(lease).not.toBeNull();
    expect(afterMs).toBeLessThanOrEqual(TTL_MS + 1000);
    await lease!.release();
    await provider.close();
  });
});
