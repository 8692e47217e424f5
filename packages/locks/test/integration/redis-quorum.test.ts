import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendUnavailableError } from '@monkeyslegion/scheduler-core';
import { isServiceAvailable, testRedisUrl, uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import { RedisLockProvider } from '../../src/redis.js';
import { describeLockProviderConformance } from '../../src/testing.js';
import { freePort, startScratchRedis, type ScratchRedis } from './redis-servers.js';

const redisUp = await isServiceAvailable('Redis', testRedisUrl());

describe.skipIf(!redisUp)('RedisLockProvider over three independent Redis servers (Redlock quorum)', () => {
  const prefix = `${uniqueTestPrefix('quorum')}:lock:`;
  let extra: ScratchRedis[] = [];
  let urls: string[] = [];
  let clients: Redis[] = [];

  beforeAll(async () => {
    extra = await Promise.all([startScratchRedis(), startScratchRedis()]);
    urls = [testRedisUrl(), ...extra.map((server) => server.url)];
    clients = urls.map((url) => new Redis(url));
  });

  afterAll(async () => {
    const main = clients[0];
    if (main) {
      const keys = await main.keys(`${prefix.slice(0, -1)}*`);
      if (keys.length > 0) await main.del(...keys);
    }
    await Promise.all(clients.map((client) => client.quit()));
    await Promise.all(extra.map((server) => server.stop()));
  });

  describeLockProviderConformance('RedisLockProvider (3-server quorum)', async () => {
    const provider = new RedisLockProvider({ urls, prefix });
    return { provider, cleanup: () => provider.close() };
  });

  it('writes the lock to every server with the same value, which starts with the owner token', async () => {
    const provider = new RedisLockProvider({ urls, prefix });
    const lease = await provider.acquire('everywhere', 10_000);
    const values = await Promise.all(clients.map((client) => client.get(`${prefix}everywhere`)));
    expect(new Set(values).size).toBe(1);
    expect(values[0]!.startsWith(`${lease!.token}.`)).toBe(true);
    await lease!.release();
    expect(await Promise.all(clients.map((client) => client.exists(`${prefix}everywhere`)))).toEqual([0, 0, 0]);
    await provider.close();
  });

  it('wins with a majority when one server holds a foreign value, and lists the lock by quorum', async () => {
    await clients[2]!.set(`${prefix}minority`, 'foreign', 'PX', 10_000);
    const provider = new RedisLockProvider({ urls, prefix });
    const lease = await provider.acquire('minority', 10_000, { runId: 'majority' });
    expect(lease).not.toBeNull();
    expect(await clients[2]!.get(`${prefix}minority`)).toBe('foreign');
    const [listed] = await provider.list('minority');
    expect(listed?.owner.runId).toBe('majority');
    await lease!.release();
    await clients[2]!.del(`${prefix}minority`);
    await provider.close();
  });

  it('answers null when a majority of servers hold the key for someone else', async () => {
    await clients[0]!.set(`${prefix}majority`, 'other', 'PX', 10_000);
    await clients[1]!.set(`${prefix}majority`, 'other', 'PX', 10_000);
    const provider = new RedisLockProvider({ urls, prefix });
    await expect(provider.acquire('majority', 10_000)).resolves.toBeNull();
    // The failed attempt rolled back its write on the one server it won.
    expect(await clients[2]!.exists(`${prefix}majority`)).toBe(0);
    // A key held on a minority of servers is not a lock.
    await clients[1]!.del(`${prefix}majority`);
    expect(await provider.list('majority')).toEqual([]);
    await clients[0]!.del(`${prefix}majority`);
    await provider.close();
  });

  it('keeps working with one of three servers unreachable', async () => {
    const deadUrl = `redis://127.0.0.1:${await freePort()}`;
    const provider = new RedisLockProvider({ urls: [urls[0]!, urls[1]!, deadUrl], prefix, connectTimeoutMs: 500 });
    const lease = await provider.acquire('degraded', 10_000);
    expect(lease).not.toBeNull();
    await expect(provider.acquire('degraded', 10_000)).resolves.toBeNull();
    await expect(lease!.extend(10_000)).resolves.toBe(true);
    expect((await provider.list('degraded')).map((lock) => lock.key)).toEqual(['degraded']);
    await expect(lease!.release()).resolves.toBe(true);
    await provider.close();
  });

  it('fails with a BackendUnavailableError naming the servers when a quorum cannot be reached', async () => {
    const dead = [`redis://:pw1@127.0.0.1:${await freePort()}`, `redis://:pw2@127.0.0.1:${await freePort()}`];
    const provider = new RedisLockProvider({ urls: [urls[0]!, ...dead], prefix, connectTimeoutMs: 500 });
    const error = await provider.acquire('nope', 1000).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).toMatch(/only 1 of 3 Redis servers answered within 500 ms, 2 needed/);
    expect((error as Error).message).not.toMatch(/pw1|pw2/);
    await provider.close();
  });

  it('throws a BackendUnavailableError, not null, when servers fail after connecting', async () => {
    const third = await startScratchRedis();
    const fourth = await startScratchRedis();
    const provider = new RedisLockProvider({ urls: [urls[0]!, third.url, fourth.url], prefix, connectTimeoutMs: 500 });
    await provider.connect();
    await third.stop();
    await fourth.stop();
    await expect(provider.acquire('outage', 1000)).rejects.toThrow(BackendUnavailableError);
    await provider.close();
  });

  it('fails an operation on a server that stops answering within the bound, and gives back a lock that lands late', async () => {
    const provider = new RedisLockProvider({ url: urls[2]!, prefix, connectTimeoutMs: 200 });
    await provider.connect();
    // The server keeps the connection open but answers nothing for 700 ms: only our bound can end the wait.
    await clients[2]!.call('CLIENT', 'PAUSE', '700', 'ALL');
    const started = performance.now();
    const error = await provider.acquire('silent', 10_000).catch((caught: unknown) => caught);
    const waitedMs = performance.now() - started;
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).toContain('no answer within 200 ms');
    expect(waitedMs).toBeGreaterThanOrEqual(190);
    expect(waitedMs).toBeLessThan(600);
    // Once the server answers again, the acquire that was reported as failed lands and is released at once.
    await sleep(900);
    expect(await clients[2]!.exists(`${prefix}silent`)).toBe(0);
    await provider.close();
  });

  it('keeps a lease usable after an extend that timed out on a silent server and landed later', async () => {
    const provider = new RedisLockProvider({ url: urls[2]!, prefix, connectTimeoutMs: 200 });
    const lease = await provider.acquire('late-extend', 10_000);
    await clients[2]!.call('CLIENT', 'PAUSE', '500', 'ALL');
    await expect(lease!.extend(20_000)).rejects.toThrow(BackendUnavailableError);
    await sleep(700);
    expect(await clients[2]!.pttl(`${prefix}late-extend`)).toBeGreaterThan(15_000);
    await expect(lease!.extend(30_000)).resolves.toBe(true);
    await expect(lease!.release()).resolves.toBe(true);
    await provider.close();
  });

  it('answers contention with null, not an error or a hang, while one of three servers is silent', async () => {
    await clients[0]!.set(`${prefix}held-silent`, 'other', 'PX', 10_000);
    await clients[1]!.set(`${prefix}held-silent`, 'other', 'PX', 10_000);
    const provider = new RedisLockProvider({ urls, prefix, connectTimeoutMs: 200 });
    await provider.connect();
    await clients[2]!.call('CLIENT', 'PAUSE', '1000', 'ALL');
    const started = performance.now();
    await expect(provider.acquire('held-silent', 10_000)).resolves.toBeNull();
    // Telling contention from failure waits for the silent server's vote: its command times out at 200 ms.
    expect(performance.now() - started).toBeLessThan(900);
    await sleep(1100);
    await Promise.all(clients.map((client) => client.del(`${prefix}held-silent`)));
    await provider.close();
  });

  it('keeps acquiring, listing and force-releasing while one of three servers is silent', async () => {
    const provider = new RedisLockProvider({ urls, prefix, connectTimeoutMs: 200 });
    await provider.connect();
    await clients[2]!.call('CLIENT', 'PAUSE', '1000', 'ALL');
    const lease = await provider.acquire('one-silent', 10_000, { runId: 'quorum-of-two' });
    expect(lease).not.toBeNull();
    const [listed] = await provider.list('one-silent');
    expect(listed?.owner.runId).toBe('quorum-of-two');
    await expect(provider.forceRelease('one-silent')).resolves.toBe(true);
    await expect(provider.acquire('one-silent', 10_000)).resolves.not.toBeNull();
    await sleep(1100);
    await provider.close();
  });
});
