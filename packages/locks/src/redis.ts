export type { RedisLockProviderOptions } from './redis/redis-lock-provider.js';
export { DEFAULT_REDIS_LOCK_PREFIX, RedisLockProvider } from './redis/redis-lock-provider.js';
