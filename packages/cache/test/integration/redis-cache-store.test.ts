import { BackendUnavailableError } from '@monkeyslegion/scheduler-core';
import { isServiceAvailable, testRedisUrl, uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { escapeRedisPattern, openRedisCacheStore, RedisCacheStore } from '../../src/redis.js';
import { describeCacheStoreConformance } from '../../src/testing.js';

const redisUp = await isServiceAvailable('Redis', testRedisUrl());
const runPrefix = uniqueTestPrefix('cache');

/** Deletes every key of this test run, found with an escaped SCAN of the run prefix. */
async function deleteRunKeys(): Promise<void> {
  const admin = new Redis(testRedisUrl());
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${escapeRedisPattern(runPrefix)}*`, 'COUNT', 1000);
    if (keys.length > 0) await admin.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await admin.quit();
}

afterAll(async () => {
  if (redisUp) await deleteRunKeys();
});

describe.skipIf(!redisUp)('RedisCacheStore', () => {
  let namespaces = 0;
  describeCacheStoreConformance('redis (url)', async () => {
    const store = new RedisCacheStore({ url: testRedisUrl(), prefix: `${runPrefix}:url${namespaces++}:` });
    return { store, cleanup: () => store.close() };
  }, { requireCompareAndSwap: true });

  describeCacheStoreConformance('redis (caller-owned client with keyPrefix)', async () => {
    // keyPrefix is applied by ioredis to keys but not to SCAN patterns: keys() must still be exact.
    const client = new Redis(testRedisUrl(), { keyPrefix: `${runPrefix}:client${namespaces++}:` });
    const store = new RedisCacheStore({ client, prefix: 'ns:' });
    return {
      store,
      cleanup: async () => {
        await store.close();
        // The store must leave a caller's client usable (a test may not have made it connect yet).
        expect(await client.ping()).toBe('PONG');
        await client.quit();
      },
    };
  }, { requireCompareAndSwap: true });

  describe('connections', () => {
    const opened: RedisCacheStore[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
      vi.restoreAllMocks();
    });

    it('fails with a BackendUnavailableError within connectTimeoutMs and never shows the password', async () => {
      const printed: string[] = [];
      for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
        vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')));
      }
      const url = 'redis://:s3cret@127.0.0.1:1';
      const started = Date.now();
      const error = await openRedisCacheStore({ url, connectTimeoutMs: 500 }).catch((caught: unknown) => caught);
      const elapsed = Date.now() - started;
      expect(error).toBeInstanceOf(BackendUnavailableError);
      expect(elapsed).toBeLessThan(500 + 1500);
      const text = `${(error as Error).message} ${JSON.stringify((error as BackendUnavailableError).context)} ${String((error as Error).cause)}`;
      expect((error as Error).message).toContain('redis://:***@127.0.0.1:1');
      expect(text).not.toContain('s3cret');
      expect(printed.join('\n')).not.toContain('s3cret');
    });

    it('fails every operation of a store whose Redis is unreachable with a redacted BackendUnavailableError', async () => {
      const store = new RedisCacheStore({ url: 'redis://:hunter2@127.0.0.1:1', connectTimeoutMs: 300 });
      opened.push(store);
      await expect(store.get('k')).rejects.toThrow(BackendUnavailableError);
      await expect(store.put('k', 1)).rejects.toThrow(/redis:\/\/:\*\*\*@127\.0\.0\.1:1 is not reachable within 300 ms/);
    });

    it('leaves a caller-owned client open after close and refuses further use of the store', async () => {
      const client = new Redis(testRedisUrl());
      const store = new RedisCacheStore({ client, prefix: `${runPrefix}:owned:` });
      await store.put('k', 'v');
      await store.close();
      expect(client.status).toBe('ready');
      expect(await client.get(`${runPrefix}:owned:k`)).toBe('"v"');
      await expect(store.get('k')).rejects.toThrow('RedisCacheStore: cannot get() after close()');
      await client.quit();
    });

    it('connects a lazy caller-owned client on first use', async () => {
      const client = new Redis(testRedisUrl(), { lazyConnect: true });
      const store = new RedisCacheStore({ client, prefix: `${runPrefix}:lazy:` });
      expect(client.status).toBe('wait');
      await store.put('k', 1);
      expect(await store.get('k')).toBe(1);
      await store.close();
      await client.quit();
    });

    it('quits the client it created from a url on close', async () => {
      const store = await openRedisCacheStore({ url: testRedisUrl(), prefix: `${runPrefix}:quit:` });
      await store.put('k', 1);
      const client = (store as unknown as { client: Redis }).client;
      expect(client.status).toBe('ready');
      await store.close();
      expect(client.status).toBe('end');
    });

    it('stores values as JSON strings with a PX expiry and keeps the TTL through INCRBY', async () => {
      const store = await openRedisCacheStore({ url: testRedisUrl(), prefix: `${runPrefix}:raw:` });
      opened.push(store);
      const admin = new Redis(testRedisUrl());
      await store.put('obj', { a: 1 }, 60_000);
      await store.put('n', 5, 60_000);
      await store.increment('n', 2);
      expect(await admin.get(`${runPrefix}:raw:obj`)).toBe('{"a":1}');
      expect(await admin.get(`${runPrefix}:raw:n`)).toBe('7');
      const ttl = await admin.pttl(`${runPrefix}:raw:n`);
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      await admin.quit();
    });
  });
});

describe('escapeRedisPattern', () => {
  it('escapes every glob metacharacter and nothing else', () => {
    expect(escapeRedisPattern('a*b?c[d]e\\f:g%h_i')).toBe('a\\*b\\?c\\[d\\]e\\\\f:g%h_i');
  });
});

describe.skipIf(!redisUp)('RedisCacheStore errors', () => {
  it('quotes the decoded stored value when an increment is refused, like the other stores', async () => {
    const store = await openRedisCacheStore({ url: testRedisUrl(), prefix: `${runPrefix}:errors:` });
    await store.put('text', 'abc');
    await expect(store.increment('text')).rejects.toThrow('RedisCacheStore: cannot increment key "text" holding "abc" by 1');
    await store.close();
  });
});
