import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Application, InvalidPayloadError, InvalidTaskError, defineConfig, type LockProvider } from '@monkeyslegion/scheduler-core';
import { RedisCacheStore } from '@monkeyslegion/scheduler-cache/redis';
import { SqliteCacheStore } from '@monkeyslegion/scheduler-cache/sqlite';
import { OVERLAP_LOCK_PREFIX, acquireOverlapLock, claimSlot, decodeKeyPart, overlapLockKey } from '@monkeyslegion/scheduler-locks';
import { CacheLockProvider } from '@monkeyslegion/scheduler-locks/cache';
import { FileLockProvider } from '@monkeyslegion/scheduler-locks/file';
import { RedisLockProvider } from '@monkeyslegion/scheduler-locks/redis';
import { RedisDriver } from '@monkeyslegion/scheduler-drivers/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_IDS } from '../src/hostile/hostile-ids.js';
import { createAppFolder, type AppFolder } from '../src/process/app-folder.js';
import { runLegion } from '../src/process/run-legion.js';
import { reliabilityProfile } from '../src/profile/reliability-profile.js';
import { recordFigures } from '../src/results/record-figures.js';
import { startRedisServer, type RedisServer } from '../src/services/redis-server.js';

/*
 * Scenario 5a: hostile task ids. Separators, glob characters, path traversal, spaces, unicode and the
 * longest accepted id must never make two tasks share a lock or a slot claim, never widen a Redis SCAN
 * or a clear-locks, and never place a lock file outside its folder; an id over core's limit (10 KB here)
 * is refused with a typed error, before anything uses it.
 */
const profile = reliabilityProfile();
const TEN_KB_ID = 'k'.repeat(10 * 1024);

describe('hostile task ids', () => {
  let redis: RedisServer;
  let folder: string;
  const providers: { name: string; provider: LockProvider; close(): Promise<void> }[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    folder = await mkdtemp(path.join(os.tmpdir(), 'legion-reliability-hostile-'));
    const sqlite = new SqliteCacheStore({ file: path.join(folder, 'cache.db') });
    const redisCache = new RedisCacheStore({ url: redis.url, prefix: 'hostile-cache:' });
    const redisLocks = new RedisLockProvider({ url: redis.url, prefix: 'hostile-lock:' });
    providers.push(
      { name: 'file', provider: new FileLockProvider({ dir: path.join(folder, 'locks') }), close: async () => undefined },
      { name: 'redis (redlock)', provider: redisLocks, close: () => redisLocks.close() },
      { name: 'cache on SQLite', provider: new CacheLockProvider(sqlite), close: () => sqlite.close() },
      { name: 'cache on Redis', provider: new CacheLockProvider(redisCache), close: () => redisCache.close() },
    );
  });

  afterAll(async () => {
    for (const { close } of providers) await close();
    await redis?.destroy();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('registers every hostile id as its own task, and refuses a 10 KB id with a one-line InvalidTaskError', async () => {
    const app = await Application.boot(defineConfig({ schedule: (schedule) => HOSTILE_IDS.forEach((id) => schedule.command('true').cron('0 0 1 1 *').name(id).tags(id)) }));
    try {
      expect(app.registry.all().toArray().map((task) => task.id).sort()).toEqual([...HOSTILE_IDS].sort());
      for (const id of HOSTILE_IDS) expect(app.registry.all().withTags([id]).toArray().map((task) => task.id)).toEqual([id]);
    } finally {
      await app.shutdown();
    }
    const refused = Application.boot(defineConfig({ schedule: (schedule) => void schedule.command('true').everyMinute().name(TEN_KB_ID) }));
    await expect(refused).rejects.toBeInstanceOf(InvalidTaskError);
    const message = String(await refused.catch((error: Error) => error.message));
    expect(message).not.toContain('\n');
    expect(message.length).toBeLessThan(400);
    expect(message).toContain('10240 characters');
  });

  it('refuses a pushed run of a 10 KB task id with a typed error before queueing it', async () => {
    const driver = new RedisDriver({ url: redis.url, prefix: 'hostile-driver:' });
    try {
      await expect(driver.push({ taskId: TEN_KB_ID })).rejects.toBeInstanceOf(InvalidPayloadError);
      expect(await driver.stats()).toMatchObject({ pending: 0, delayed: 0, inFlight: 0 });
    } finally {
      await driver.close();
    }
  });

  for (const name of ['file', 'redis (redlock)', 'cache on SQLite', 'cache on Redis']) {
    describe(`on the ${name} lock provider`, () => {
      const provider = () => providers.find((entry) => entry.name === name)!.provider;

      it('gives every hostile id its own overlap lock, each still exclusive', async () => {
        const locks = await Promise.all(HOSTILE_IDS.map((id) => acquireOverlapLock(provider(), { id, overlapTtlMs: 60_000 })));
        expect(locks.every((lock) => lock !== null)).toBe(true);
        for (const id of HOSTILE_IDS) expect(await acquireOverlapLock(provider(), { id, overlapTtlMs: 60_000 }), id).toBeNull();
        const held = await provider().list(OVERLAP_LOCK_PREFIX);
        expect(held.map((lock) => decodeKeyPart(lock.key.slice(OVERLAP_LOCK_PREFIX.length))).sort()).toEqual([...HOSTILE_IDS].sort());
        for (const lock of locks) await lock!.release();
      });

      it('lists and force-releases by the literal prefix: glob characters never widen the match', async () => {
        const locks = await Promise.all(HOSTILE_IDS.map((id) => acquireOverlapLock(provider(), { id, overlapTtlMs: 60_000 })));
        expect((await provider().list(`${OVERLAP_LOCK_PREFIX}*`)).map((lock) => lock.key)).toEqual([]);
        expect((await provider().list(`${OVERLAP_LOCK_PREFIX}?`)).map((lock) => lock.key)).toEqual([]);
        expect((await provider().list(`${OVERLAP_LOCK_PREFIX}[a`)).map((lock) => lock.key)).toEqual([]);
        expect((await provider().list(overlapLockKey('*'))).map((lock) => lock.key)).toEqual([overlapLockKey('*')]);
        expect(await provider().forceRelease(`${OVERLAP_LOCK_PREFIX}*`)).toBe(false);
        expect(await provider().list(OVERLAP_LOCK_PREFIX)).toHaveLength(HOSTILE_IDS.length);
        for (const lock of locks) await lock!.release();
      });

      it('never lets a task id and a host name combine into another pair\'s slot claim', async () => {
        const slot = new Date(Date.UTC(2026, 0, 1));
        const claim = (host: string, taskId: string) => claimSlot(provider(), { taskId, slot, scope: 'host', host, holdMs: 60_000 });
        expect(await claim('h:a', 'b')).toBe(true);
        expect(await claim('h', 'a:b')).toBe(true);
        expect(await claim('h:a:b', '*')).toBe(true);
        expect(await claim('h:a', 'b')).toBe(false);
        for (const id of HOSTILE_IDS) expect(await claimSlot(provider(), { taskId: id, slot, scope: 'cluster', holdMs: 60_000 }), id).toBe(true);
      });
    });
  }

  it('keeps every lock file inside the lock folder, whatever the id', async () => {
    const locks = path.join(folder, 'locks');
    const provider = providers[0]!.provider;
    const held = await Promise.all(HOSTILE_IDS.map((id) => acquireOverlapLock(provider, { id: `${id}-traversal`, overlapTtlMs: 60_000 })));
    const names = await readdir(locks);
    expect(names.filter((name) => name.endsWith('.lock')).length).toBeGreaterThanOrEqual(HOSTILE_IDS.length);
    for (const name of names) {
      expect(name).not.toContain('/');
      expect(name.startsWith('.')).toBe(false);
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    }
    // Nothing appeared next to the lock folder or above it.
    expect((await readdir(folder)).sort()).toEqual(expect.arrayContaining(['locks']));
    expect((await readdir(folder)).filter((name) => !['locks', 'cache.db', 'cache.db-wal', 'cache.db-shm'].includes(name))).toEqual([]);
    for (const lock of held) await lock!.release();
  });

  it('keeps escaped Redis cache key listings literal', async () => {
    const store = new RedisCacheStore({ url: redis.url, prefix: 'hostile-keys:' });
    try {
      for (const key of ['p*q', 'pxq', 'p?q', 'p[x]q', 'pq']) await store.put(key, key);
      expect((await store.keys('p*')).sort()).toEqual(['p*q']);
      expect((await store.keys('p?')).sort()).toEqual(['p?q']);
      expect((await store.keys('p[')).sort()).toEqual(['p[x]q']);
    } finally {
      await store.close();
    }
  });
});

describe('legion schedule:clear-locks with hostile ids (built CLI)', () => {
  let app: AppFolder;
  let provider: FileLockProvider;

  beforeAll(async () => {
    app = await createAppFolder('hostile-app', { ids: HOSTILE_IDS });
    // The embedded default's lock folder: this process holds the locks, as a running scheduler would.
    provider = new FileLockProvider({ dir: path.join(app.dir, '.legion', 'locks') });
  });

  afterAll(async () => {
    await app?.remove();
  });

  it('clears only the lock of the task named "*", not every lock', async () => {
    for (const id of HOSTILE_IDS) expect(await acquireOverlapLock(provider, { id, overlapTtlMs: 600_000 })).not.toBeNull();
    const one = await runLegion(app.dir, ['schedule:clear-locks', '*']);
    expect(one.stderr).toBe('');
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('Cleared 1 lock.');
    const left = (await provider.list(OVERLAP_LOCK_PREFIX)).map((lock) => decodeKeyPart(lock.key.slice(OVERLAP_LOCK_PREFIX.length)));
    expect(left.sort()).toEqual(HOSTILE_IDS.filter((id) => id !== '*').sort());
    const traversal = await runLegion(app.dir, ['schedule:clear-locks', '../../../../tmp/escaped']);
    expect(traversal.stdout).toContain('Cleared 1 lock.');
    const all = await runLegion(app.dir, ['schedule:clear-locks']);
    expect(all.stdout).toContain(`Cleared ${HOSTILE_IDS.length - 2} locks.`);
    expect(await provider.list(OVERLAP_LOCK_PREFIX)).toEqual([]);
    recordFigures(profile, 'hostileIds', { idsTried: HOSTILE_IDS.length + 1, lockBackends: 4, tenKilobyteIdRefused: true });
  });

  it('refuses a 10 KB id on the command line with exit code 2 and one short line', async () => {
    const result = await runLegion(app.dir, ['schedule:clear-locks', TEN_KB_ID]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.length).toBeLessThan(600);
  });
});
