import { RedisCacheStore, type RedisCacheStoreOptions } from './redis-cache-store.js';

/**
 * Creates a `RedisCacheStore` and waits until Redis is ready, so an unreachable server fails here with a
 * `BackendUnavailableError` (its URL redacted) within `connectTimeoutMs` instead of on first use.
 *
 * @example
 * const store = await openRedisCacheStore({ url: process.env.REDIS_URL, prefix: 'billing:' });
 */
export async function openRedisCacheStore(options: RedisCacheStoreOptions = {}): Promise<RedisCacheStore> {
  const store = new RedisCacheStore(options);
  try {
    await store.connect();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
