// The root never loads a backend: the SQLite and Redis stores are reached through their plugin's dynamic
// import or through the `./sqlite` and `./redis` subpaths, so apps without them need neither module.
export { CacheArgumentError } from './errors/cache-argument-error.js';
export { CacheClosedError } from './errors/cache-closed-error.js';
export { CacheValueError } from './errors/cache-value-error.js';
export type { MemoryCacheStoreOptions } from './memory/memory-cache-store.js';
export { MemoryCacheStore } from './memory/memory-cache-store.js';
export type { MemoryCacheOptions } from './plugins/memory-cache.js';
export { memoryCache } from './plugins/memory-cache.js';
export type { RedisCacheOptions } from './plugins/redis-cache.js';
export { redisCache } from './plugins/redis-cache.js';
export type { SqliteCacheOptions } from './plugins/sqlite-cache.js';
export { sqliteCache } from './plugins/sqlite-cache.js';
export type { RedisCacheStore, RedisCacheStoreOptions } from './redis/redis-cache-store.js';
export type { SqliteCacheStore, SqliteCacheStoreOptions } from './sqlite/sqlite-cache-store.js';
export { DEFAULT_CACHE_PREFIX } from './values/cache-arguments.js';
