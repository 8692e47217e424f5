export { escapeRedisPattern } from './redis/escape-redis-pattern.js';
export { openRedisCacheStore } from './redis/open-redis-cache-store.js';
export type { RedisCacheStoreOptions } from './redis/redis-cache-store.js';
export { RedisCacheStore } from './redis/redis-cache-store.js';
