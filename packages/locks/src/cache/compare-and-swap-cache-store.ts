import type { CacheStore } from '@monkeyslegion/scheduler-core';

/**
 * An optional `CacheStore` extension with atomic conditional writes. Values are compared by their JSON
 * text (`JSON.stringify`), the form every store keeps. A store that has both methods makes
 * `CacheLockProvider`'s extend and release atomic; see `CacheLockProvider` for the fallback.
 */
export interface CompareAndSwapCacheStore extends CacheStore {
  /** Replaces the live value of `key` with `next` (new TTL `ttlMs`) only while it equals `expected`; `true` when replaced. */
  compareAndSwap(key: string, expected: unknown, next: unknown, ttlMs?: number): Promise<boolean>;
  /** Deletes `key` only while its live value equals `expected`; `true` when deleted. */
  compareAndDelete(key: string, expected: unknown): Promise<boolean>;
}

/** `true` when `store` offers `compareAndSwap` and `compareAndDelete`. */
export function supportsCompareAndSwap(store: CacheStore): store is CompareAndSwapCacheStore {
  const candidate = store as Partial<CompareAndSwapCacheStore>;
  return typeof candidate.compareAndSwap === 'function' && typeof candidate.compareAndDelete === 'function';
}
