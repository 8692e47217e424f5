export type { RedisDriverOptions } from './redis/redis-driver.js';
export { RedisDriver } from './redis/redis-driver.js';
export type { RedisDriverKeys } from './redis/redis-driver-keys.js';
export { CONSUMER_GROUP, redisDriverKeys } from './redis/redis-driver-keys.js';
