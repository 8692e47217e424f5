import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisCacheStore } from '../../src/redis.js';
import { describeCacheStoreConformance } from '../../src/testing.js';
import { hasRedisBinaries, startRedisCluster, type LocalRedisCluster } from './redis-cluster.js';

const canRun = await hasRedisBinaries();
if (!canRun) {
  const message = 'redis-server/redis-cli are not on the PATH: the Redis Cluster tests cannot start a local cluster';
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(message);
  console.warn(`\n!!! SKIPPING Redis Cluster tests: ${message} (set CI=true to make this a failure)\n`);
}

describe.skipIf(!canRun)('RedisCacheStore on a Redis Cluster', () => {
  let cluster: LocalRedisCluster;
  let client: Cluster;
  let namespaces = 0;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    client = new Cluster(cluster.nodes);
  }, 60_000);

  afterAll(async () => {
    await client?.quit();
    await cluster?.stop();
  });

  describeCacheStoreConformance('redis cluster', async () => {
    const store = new RedisCacheStore({ client, prefix: `ns${namespaces++}:` });
    return { store, cleanup: () => store.close() };
  }, { requireCompareAndSwap: true });

  it('finds keys on every master when scanning', async () => {
    const store = new RedisCacheStore({ client, prefix: 'spread:' });
    const keys = Array.from({ length: 60 }, (_, index) => `key:${index}`);
    for (const key of keys) await store.put(key, key);
    const perMaster = await Promise.all(client.nodes('master').map(async (node) => (await node.keys('spread:*')).length));
    expect(perMaster).toHaveLength(3);
    expect(perMaster.every((count) => count > 0), `keys per master: ${perMaster.join(', ')}`).toBe(true);
    expect((await store.keys('key:')).sort()).toEqual([...keys].sort());
    await store.close();
    expect(client.status).toBe('ready');
  });
});
