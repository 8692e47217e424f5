import { Redis } from 'ioredis';

/** Deletes every key of `redisUrl` whose name contains `fragment` (a run's unique prefix); returns how many. */
export async function deleteKeysContaining(redisUrl: string, fragment: string): Promise<number> {
  if (!/^[A-Za-z0-9_.:-]{8,}$/.test(fragment)) throw new RangeError(`deleteKeysContaining: refusing the broad pattern "${fragment}"`);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `*${fragment}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
