import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Application,
  BackendUnavailableError,
  CACHE_STORE,
  ConfigurationError,
  LOCK_PROVIDER,
  type Plugin,
} from '@monkeyslegion/scheduler-core';
import { isServiceAvailable, testRedisUrl, uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import { memoryCache } from '@monkeyslegion/scheduler-cache';
import { cacheLocks, fileLocks, redisLocks } from '../../src/index.js';

const redisUp = await isServiceAvailable('Redis', testRedisUrl());
let baseDir: string;

beforeAll(async () => {
  baseDir = await fs.mkdtemp(path.join(os.tmpdir(), 'legion-lock-plugins-'));
  // Plugins log through the app's logger; keep test output readable.
  process.env.LEGION_LOG_LEVEL ??= 'silent';
});

afterAll(async () => {
  await fs.rm(baseDir, { recursive: true, force: true });
});

function boot(plugins: Plugin[], prefix = 'legion'): Promise<Application> {
  return Application.boot({ plugins, prefix }, { baseDir, skipTasks: true });
}

describe('fileLocks()', () => {
  it('provides a file lock provider in <dataDir>/locks by default', async () => {
    const app = await boot([fileLocks()]);
    const provider = app.resolve(LOCK_PROVIDER);
    expect(provider.name).toBe('file');
    const lease = await provider.acquire('plugin', 10_000);
    expect(await fs.readdir(path.join(baseDir, '.legion', 'locks'))).toEqual(['plugin.lock']);
    await lease!.release();
    await app.shutdown();
  });

  it('resolves a relative dir against the config folder', async () => {
    const app = await boot([fileLocks({ dir: 'var/locks' })]);
    await app.resolve(LOCK_PROVIDER).acquire('relative', 10_000);
    expect(await fs.readdir(path.join(baseDir, 'var', 'locks'))).toEqual(['relative.lock']);
    await app.shutdown();
  });
});

describe('cacheLocks()', () => {
  it('fails the boot with a ConfigurationError when no cache plugin was enabled before it', async () => {
    const booting = boot([cacheLocks()]);
    await expect(booting).rejects.toThrow(ConfigurationError);
    await expect(booting).rejects.toThrow(/cacheLocks\(\): no cache store is enabled/);
  });

  it('locks in the enabled cache store under lock:', async () => {
    const app = await boot([memoryCache(), cacheLocks()]);
    const provider = app.resolve(LOCK_PROVIDER);
    expect(provider.name).toBe('cache:memory');
    const lease = await provider.acquire('job', 10_000);
    expect(await app.resolve(CACHE_STORE).get('lock:job')).toMatchObject({ token: lease!.token });
    await app.shutdown();
  });
});

describe.skipIf(!redisUp)('redisLocks()', () => {
  const appPrefix = uniqueTestPrefix('plugin');
  const admin = new Redis(testRedisUrl(), { lazyConnect: true });

  afterAll(async () => {
    const keys = await admin.keys(`${appPrefix}:*`);
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
  });

  it('namespaces lock keys with the app prefix and closes its connection on shutdown', async () => {
    const app = await boot([redisLocks({ url: testRedisUrl() })], appPrefix);
    const provider = app.resolve(LOCK_PROVIDER);
    expect(provider.name).toBe('redis');
    const lease = await provider.acquire('job', 10_000);
    expect((await admin.get(`${appPrefix}:lock:job`))?.startsWith(`${lease!.token}.`)).toBe(true);
    await app.shutdown();
    await expect(provider.acquire('other', 1000)).rejects.toThrow(BackendUnavailableError);
  });
});

describe('redisLocks() against an unreachable server', () => {
  it('fails the boot with a BackendUnavailableError that hides the password', async () => {
    const booting = boot([redisLocks({ url: 'redis://:s3cret@127.0.0.1:1', connectTimeoutMs: 500 })]);
    const error = await booting.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).not.toContain('s3cret');
  });
});
