import { BackendUnavailableError, ConfigurationError } from '@monkeyslegion/scheduler-core';
import { isServiceAvailable, testRedisUrl, uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisDriver, redisDriverKeys } from '../../src/redis.js';
import type { MalformedRun } from '../../src/index.js';

const url = testRedisUrl();
const redisUp = await isServiceAvailable('Redis', url);

describe('RedisDriver connection errors', () => {
  it('fails with BackendUnavailableError within the connect bound and never shows the password', async () => {
    const driver = new RedisDriver({ url: 'redis://:s3cret@127.0.0.1:1', connectTimeoutMs: 400 });
    const started = Date.now();
    const error = await driver.push({ taskId: 'x' }).catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    const message = (error as Error).message;
    expect(message).toMatch(/^RedisDriver: Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1 is unavailable: /);
    expect(message).not.toContain('s3cret');
    expect(JSON.stringify((error as BackendUnavailableError).context)).not.toContain('s3cret');
    await driver.close();
  });

  it('gives up on a host that never answers once connectTimeoutMs has passed', async () => {
    // 10.255.255.1 is unroutable here: the TCP handshake hangs instead of being refused.
    const driver = new RedisDriver({ url: 'redis://user:s3cret@10.255.255.1:6379', connectTimeoutMs: 300 });
    const started = Date.now();
    const error = await driver.stats().catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).not.toContain('s3cret');
    await driver.close();
  });

  it('rejects a URL that is not redis:// with the password redacted', () => {
    expect(() => new RedisDriver({ url: 'http://u:s3cret@host' })).toThrow(ConfigurationError);
    expect(() => new RedisDriver({ url: 'http://u:s3cret@host' })).toThrow('RedisDriver: url "http://u:***@host/" must start with redis:// or rediss://');
  });

  it('needs exactly one of url and client, and a prefix without braces', () => {
    expect(() => new RedisDriver({})).toThrow('give exactly one of `url` or `client`');
    expect(() => new RedisDriver({ url, prefix: 'a{b}:' })).toThrow('RedisDriver: prefix "a{b}:" must not contain "{" or "}"');
  });
});

describe.skipIf(!redisUp)('RedisDriver specifics on a real Redis', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function setup(options: { client?: Redis; onMalformed?: (run: MalformedRun) => void } = {}) {
    const prefix = `${uniqueTestPrefix('drv')}:`;
    const keys = redisDriverKeys(prefix);
    const admin = new Redis(url);
    const driver = options.client ? new RedisDriver({ client: options.client, prefix, onMalformed: options.onMalformed }) : new RedisDriver({ url, prefix, onMalformed: options.onMalformed });
    cleanups.push(async () => {
      await driver.close();
      await admin.del(...keys.all);
      await admin.quit();
    });
    return { driver, keys, admin };
  }

  it('puts every key of a queue in one hash slot so its scripts work on Redis Cluster', async () => {
    const { keys } = setup();
    // Redis Cluster hashes only the text between the first "{" and the next "}": one tag, one slot.
    const tags = keys.all.map((key) => /\{([^}]+)\}/.exec(key)?.[1]);
    expect(new Set(tags).size).toBe(1);
    expect(tags[0]).toMatch(/:driver$/);
    expect(keys.all.every((key) => key.indexOf('{') === 0)).toBe(true);
  });

  it('uses a caller-owned client without closing it', async () => {
    const client = new Redis(url);
    const { driver } = setup({ client });
    const id = await driver.push({ taskId: 'owned', payload: [1] });
    const waited = driver.wait(new AbortController().signal, 5_000);
    await waited;
    expect((await driver.claim('c', 5, 10_000)).map((run) => run.id)).toEqual([id]);
    await driver.close();
    expect(await client.ping()).toBe('PONG');
    await client.quit();
  });

  it('reports a malformed record to onMalformed after failing it', async () => {
    const reported: MalformedRun[] = [];
    const { driver, keys, admin } = setup({ onMalformed: (run) => reported.push(run) });
    await driver.stats();
    const streamId = await admin.xadd(keys.stream, '*', 'taskId', 'sync', 'payload', '{broken');
    expect(await driver.claim('c', 5, 10_000)).toEqual([]);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ id: streamId, taskId: 'sync' });
    expect(reported[0]?.reason).toContain('stored payload is not valid JSON');
    expect(await admin.xlen(keys.stream)).toBe(0);
  });

  it('fails an unreadable delayed record once it comes due instead of dropping it', async () => {
    const { driver, keys, admin } = setup();
    await admin.hset(keys.delayedRuns, 'hand-made', 'not json at all');
    await admin.zadd(keys.delayed, Date.now() - 1000, 'hand-made');
    expect(await driver.claim('c', 5, 10_000)).toEqual([]);
    const [failure] = await driver.failures(5);
    expect(failure).toMatchObject({ id: 'hand-made', reason: 'malformed record: stored delayed record is not a JSON array of fields' });
    expect(await driver.stats()).toEqual({ pending: 0, delayed: 0, inFlight: 0, failed: 1 });
  });

  it('recovers when the stream and its consumer group were deleted behind its back', async () => {
    const { driver, keys, admin } = setup();
    await driver.push({ taskId: 'first' });
    await admin.del(keys.stream, keys.index);
    const id = await driver.push({ taskId: 'second' });
    expect((await driver.claim('c', 5, 10_000)).map((run) => run.id)).toEqual([id]);
  });

  it('removes its idle consumers from the group on close but keeps one that still holds runs', async () => {
    const { driver, keys, admin } = setup();
    const done = await driver.push({ taskId: 'done' });
    await driver.claim('finished-consumer', 1, 60_000);
    await driver.ack(done);
    await driver.push({ taskId: 'held' });
    await driver.claim('busy-consumer', 1, 60_000);
    await driver.close();
    const consumers = (await admin.xinfo('CONSUMERS', keys.stream, 'legion-runners')) as unknown[][];
    const names = consumers.map((fields) => fields[fields.indexOf('name') + 1]);
    expect(names).toEqual(['busy-consumer']);
    const survivor = new RedisDriver({ url, prefix: keys.stream.slice(1, keys.stream.indexOf('driver}')) });
    cleanups.push(() => survivor.close());
    expect(await survivor.stats()).toMatchObject({ inFlight: 1 });
  });

  it('ends a pending wait when the driver closes and refuses work afterwards', async () => {
    const { driver } = setup();
    const waiting = driver.wait(new AbortController().signal, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await driver.close();
    await waiting;
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(driver.push({ taskId: 'late' })).rejects.toThrow('RedisDriver: the driver is closed');
  });
});
