export type { SqliteCacheStoreOptions } from './sqlite/sqlite-cache-store.js';
export { SqliteCacheStore } from './sqlite/sqlite-cache-store.js';
