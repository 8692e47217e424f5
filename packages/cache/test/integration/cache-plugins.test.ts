import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Application, BackendUnavailableError, CACHE_STORE, ConfigurationError, defineConfig, type Clock, type Plugin } from '@monkeyslegion/scheduler-core';
import { isServiceAvailable, testRedisUrl, uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CacheClosedError, memoryCache, redisCache, sqliteCache } from '../../src/index.js';

const redisUp = await isServiceAvailable('Redis', testRedisUrl());

let baseDir: string;
beforeAll(() => {
  baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'legion-cache-plugins-'));
});
afterAll(() => {
  fs.rmSync(baseDir, { recursive: true, force: true });
});

function boot(plugin: Plugin, options: { prefix?: string; clock?: Clock } = {}): Promise<Application> {
  return Application.boot(defineConfig({ plugins: [plugin], prefix: options.prefix }), { baseDir, skipTasks: true, clock: options.clock });
}

describe('sqliteCache()', () => {
  it('opens <dataDir>/scheduler.db with the app prefix by default and closes it on shutdown', async () => {
    const app = await boot(sqliteCache(), { prefix: 'shop' });
    const store = app.resolve(CACHE_STORE);
    expect(store.name).toBe('sqlite');
    expect(store).toMatchObject({ prefix: 'shop:', file: path.join(baseDir, '.legion', 'scheduler.db') });
    await store.put('k', 1);
    expect(fs.existsSync(path.join(baseDir, '.legion', 'scheduler.db'))).toBe(true);
    await app.shutdown();
    await expect(store.get('k')).rejects.toBeInstanceOf(CacheClosedError);
  });

  it('keeps one store per application when the same plugin object is enabled twice in one process', async () => {
    const plugin = sqliteCache({ file: 'shared/twice.db' });
    const first = await boot(plugin);
    const second = await boot(plugin);
    const firstStore = first.resolve(CACHE_STORE);
    const secondStore = second.resolve(CACHE_STORE);
    expect(firstStore).not.toBe(secondStore);
    await first.shutdown();
    await expect(firstStore.get('k')).rejects.toBeInstanceOf(CacheClosedError);
    await secondStore.put('k', 'still open');
    expect(await secondStore.get('k')).toBe('still open');
    await second.shutdown();
    await expect(secondStore.get('k')).rejects.toBeInstanceOf(CacheClosedError);
  });

  it('resolves a relative file against the config folder and honours an explicit prefix', async () => {
    const app = await boot(sqliteCache({ file: 'var/cache.db', prefix: 'custom/' }));
    expect(app.resolve(CACHE_STORE)).toMatchObject({ prefix: 'custom/', file: path.join(baseDir, 'var', 'cache.db') });
    await app.shutdown();
  });

  it('rejects a non-string file when the plugin is declared', () => {
    expect(() => sqliteCache({ file: 42 as unknown as string })).toThrow(ConfigurationError);
    expect(() => sqliteCache({ file: 42 as unknown as string })).toThrow('sqliteCache(): option file "42" must be a string');
  });
});

describe('memoryCache()', () => {
  it('expires keys on the application clock', async () => {
    let now = 1_000;
    const app = await boot(memoryCache(), { clock: { now: () => now } });
    const store = app.resolve(CACHE_STORE);
    expect(store).toMatchObject({ name: 'memory', prefix: 'legion:' });
    await store.put('k', 'v', 100);
    now = 1_099;
    expect(await store.get('k')).toBe('v');
    now = 1_100;
    expect(await store.get('k')).toBeUndefined();
    await app.shutdown();
  });
});

describe('redisCache()', () => {
  it('rejects a url together with a client, a non-Redis url and a bad timeout, redacting passwords', () => {
    const client = new Redis({ lazyConnect: true });
    expect(() => redisCache({ url: 'redis://:pw@host', client })).toThrow(ConfigurationError);
    expect(() => redisCache({ url: 'http://user:topsecret@host' })).toThrow('redisCache(): url "http://user:***@host/" must be a redis:// or rediss:// URL');
    expect(() => redisCache({ connectTimeoutMs: 0 })).toThrow('redisCache(): connectTimeoutMs "0" must be a positive integer of milliseconds');
    client.disconnect();
  });

  it('fails the boot with a redacted BackendUnavailableError when Redis is unreachable', async () => {
    const error = await boot(redisCache({ url: 'redis://:s3cret@127.0.0.1:1', connectTimeoutMs: 300 })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).toContain('redis://:***@127.0.0.1:1');
    expect((error as Error).message).not.toContain('s3cret');
  });

  describe.skipIf(!redisUp)('with a live Redis', () => {
    const prefix = `${uniqueTestPrefix('cacheplugin')}:`;
    afterAll(async () => {
      const admin = new Redis(testRedisUrl());
      const keys = await admin.keys(`${prefix}*`);
      if (keys.length > 0) await admin.del(...keys);
      await admin.quit();
    });

    it('provides a connected store from a url and quits its client on shutdown', async () => {
      const app = await boot(redisCache({ url: testRedisUrl(), prefix }));
      const store = app.resolve(CACHE_STORE);
      expect(store.name).toBe('redis');
      await store.put('k', 'v');
      const client = (store as unknown as { client: Redis }).client;
      await app.shutdown();
      expect(client.status).toBe('end');
    });

    it('uses a caller-owned client and leaves it open on shutdown', async () => {
      const client = new Redis(testRedisUrl());
      const app = await boot(redisCache({ client, prefix }));
      await app.resolve(CACHE_STORE).put('owned', 1);
      await app.shutdown();
      expect(client.status).toBe('ready');
      expect(await client.get(`${prefix}owned`)).toBe('1');
      await client.quit();
    });
  });
});
