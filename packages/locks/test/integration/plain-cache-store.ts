import type { CacheStore } from '@monkeyslegion/scheduler-core';

/**
 * A `CacheStore` that forwards only the required methods of another one, hiding its optional
 * `compareAndSwap`/`compareAndDelete`: it keeps `CacheLockProvider`'s read-check-write fallback under
 * test now that the real stores all have compare-and-swap.
 */
export class PlainCacheStore implements CacheStore {
  readonly name: string;
  readonly #inner: CacheStore;

  constructor(inner: CacheStore) {
    this.#inner = inner;
    this.name = `${inner.name}-plain`;
  }

  get<T>(key: string) {
    return this.#inner.get<T>(key);
  }
  put(key: string, value: unknown, ttlMs?: number) {
    return this.#inner.put(key, value, ttlMs);
  }
  add(key: string, value: unknown, ttlMs?: number) {
    return this.#inner.add(key, value, ttlMs);
  }
  forget(key: string) {
    return this.#inner.forget(key);
  }
  increment(key: string, by?: number) {
    return this.#inner.increment(key, by);
  }
  many<T>(keys: readonly string[]) {
    return this.#inner.many<T>(keys);
  }
  keys(prefix: string) {
    return this.#inner.keys(prefix);
  }
  close() {
    return this.#inner.close();
  }
}
