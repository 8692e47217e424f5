export type { CacheStoreConformanceOptions, CacheStoreFactory, CacheStoreFixture } from './testing/cache-store-conformance.js';
export { describeCacheStoreConformance } from './testing/cache-store-conformance.js';
