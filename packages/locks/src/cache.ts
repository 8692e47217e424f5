export type { CacheLockProviderOptions } from './cache/cache-lock-provider.js';
export { CacheLockProvider } from './cache/cache-lock-provider.js';
export type { CompareAndSwapCacheStore } from './cache/compare-and-swap-cache-store.js';
export { supportsCompareAndSwap } from './cache/compare-and-swap-cache-store.js';
