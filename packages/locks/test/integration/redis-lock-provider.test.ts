import os from 'node:os';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendUnavailableError, ConfigurationError } from '@monkeyslegion/scheduler-core';
import { isServiceAvailable, testRedisUrl, uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import { RedisLockProvider } from '../../src/redis.js';
import { describeLockProviderConformance } from '../../src/testing.js';

const url = testRedisUrl();
const redisUp = await isServiceAvailable('Redis', url);

describe.skipIf(!redisUp)('RedisLockProvider on one Redis server', () => {
  const prefix = `${uniqueTestPrefix('locks')}:lock:`;
  let admin: Redis;

  beforeAll(() => {
    admin = new Redis(url);
  });

  afterAll(async () => {
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
  });

  describeLockProviderConformance('RedisLockProvider (url)', async () => {
    const provider = new RedisLockProvider({ url, prefix });
    return { provider, cleanup: () => provider.close() };
  });

  describeLockProviderConformance('RedisLockProvider (caller-owned client)', async () => {
    const client = new Redis(url);
    const provider = new RedisLockProvider({ client, prefix });
    return {
      provider,
      cleanup: async () => {
        await provider.close();
        // close() must leave a caller-owned client usable.
        expect(await client.ping()).toBe('PONG');
        await client.quit();
      },
    };
  });

  it('stores the owner token and the owner inside the lock value, under one key with the lease TTL', async () => {
    const provider = new RedisLockProvider({ url, prefix });
    const before = Date.now();
    const lease = await provider.acquire('layout', 10_000, { runId: 'run-7' });
    const value = await admin.get(`${prefix}layout`);
    expect(value?.startsWith(`${lease!.token}.`)).toBe(true);
    expect(JSON.parse(Buffer.from(value!.slice(lease!.token.length + 1), 'base64url').toString('utf8'))).toMatchObject({
      host: os.hostname(),
      pid: process.pid,
      runId: 'run-7',
    });
    expect(await admin.pttl(`${prefix}layout`)).toBeGreaterThan(9000);
    expect((await admin.keys(`${prefix.slice(0, -1)}*`)).filter((key) => key.includes('layout'))).toEqual([`${prefix}layout`]);
    await expect(lease!.extend(20_000)).resolves.toBe(true);
    expect(await admin.get(`${prefix}layout`)).toBe(value);
    expect(await admin.pttl(`${prefix}layout`)).toBeGreaterThan(19_000);
    const [listed] = await provider.list('layout');
    expect(listed!.acquiredAt!.getTime()).toBeGreaterThanOrEqual(before);
    await lease!.release();
    expect(await admin.exists(`${prefix}layout`)).toBe(0);
    await provider.close();
  });

  it('gives each of many concurrent acquires on different keys its own owner in its own value', async () => {
    const provider = new RedisLockProvider({ url, prefix });
    const leases = await Promise.all(
      Array.from({ length: 40 }, (_, index) => provider.acquire(`mix:${index}`, 10_000, { runId: `run-${index}` })),
    );
    const listed = await provider.list('mix:');
    expect(listed).toHaveLength(40);
    for (const lock of listed) expect(lock.owner.runId).toBe(`run-${lock.key.slice('mix:'.length)}`);
    const values = await Promise.all(leases.map((_, index) => admin.get(`${prefix}mix:${index}`)));
    values.forEach((value, index) => expect(value!.startsWith(`${leases[index]!.token}.`)).toBe(true));
    expect((await Promise.all(leases.map((lease) => lease!.release()))).every(Boolean)).toBe(true);
    await provider.close();
  });

  it('counts a value it did not write (another tool, an older version) as held and lists it with an unknown owner', async () => {
    await admin.set(`${prefix}legacy`, '0123456789abcdef0123456789abcdef', 'PX', 10_000);
    const provider = new RedisLockProvider({ url, prefix });
    await expect(provider.acquire('legacy', 10_000)).resolves.toBeNull();
    const [listed] = await provider.list('legacy');
    expect(listed).toMatchObject({ key: 'legacy', owner: { host: 'unknown', pid: 0 }, acquiredAt: null });
    await expect(provider.forceRelease('legacy')).resolves.toBe(true);
    await provider.close();
  });

  it('releases and extends only by owner token: a key rewritten with another token is left untouched', async () => {
    const provider = new RedisLockProvider({ url, prefix });
    const lease = await provider.acquire('stolen', 10_000);
    await admin.set(`${prefix}stolen`, 'someone-else', 'PX', 10_000);
    await expect(lease!.release()).resolves.toBe(false);
    await expect(lease!.extend(20_000)).resolves.toBe(false);
    expect(await admin.get(`${prefix}stolen`)).toBe('someone-else');
    expect(await admin.pttl(`${prefix}stolen`)).toBeLessThanOrEqual(10_000);
    await admin.del(`${prefix}stolen`);
    await provider.close();
  });

  it('answers contention with null at once instead of retrying', async () => {
    const provider = new RedisLockProvider({ url, prefix });
    await provider.acquire('fast', 10_000);
    const started = performance.now();
    await expect(provider.acquire('fast', 10_000)).resolves.toBeNull();
    // Redlock's default would retry 10 times, 200 ms apart: ~2 s.
    expect(performance.now() - started).toBeLessThan(1000);
    await provider.forceRelease('fast');
    await provider.close();
  });

  it('rejects a missing or doubled connection option with a ConfigurationError', () => {
    expect(() => new RedisLockProvider({})).toThrow(ConfigurationError);
    expect(() => new RedisLockProvider({ url, urls: [url] })).toThrow(ConfigurationError);
    expect(() => new RedisLockProvider({ urls: [] })).toThrow(ConfigurationError);
    expect(() => new RedisLockProvider({ url, prefix: '' })).toThrow(ConfigurationError);
  });
});

describe('RedisLockProvider against an unreachable server', () => {
  it('fails within the connect bound with a BackendUnavailableError whose message hides the password', async () => {
    const provider = new RedisLockProvider({ url: 'redis://:s3cret@127.0.0.1:1', connectTimeoutMs: 1000 });
    const started = performance.now();
    const error = await provider.acquire('any', 1000).catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(1000 + 500);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).toContain('127.0.0.1:1');
    expect((error as Error).message).not.toContain('s3cret');
    expect(JSON.stringify((error as BackendUnavailableError).context)).not.toContain('s3cret');
    await provider.close();
  });

  it('fails within the bound when the server accepts no connection at all (blackholed address)', async () => {
    // 10.255.255.1 is non-routable: the TCP connect hangs, so only our timeout can end it.
    const provider = new RedisLockProvider({ url: 'redis://user:p4ss@10.255.255.1:6379', connectTimeoutMs: 300 });
    const started = performance.now();
    const error = await provider.connect().catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(300 + 700);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).not.toContain('p4ss');
    await provider.close();
  });
});
