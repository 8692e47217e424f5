export type { MemoryCacheStoreOptions } from './memory/memory-cache-store.js';
export { MemoryCacheStore } from './memory/memory-cache-store.js';
