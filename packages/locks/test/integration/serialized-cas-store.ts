import type { CacheStore } from '@monkeyslegion/scheduler-core';
import type { CompareAndSwapCacheStore } from '../../src/cache.js';

/**
 * A `CompareAndSwapCacheStore` over any in-process store: every call runs in one queue, so a
 * get-compare-write is atomic within the process. It exercises `CacheLockProvider`'s atomic path the
 * way a store with native compare-and-swap (SQL `UPDATE … WHERE value = ?`, a Redis Lua script) would.
 */
export class SerializedCasStore implements CompareAndSwapCacheStore {
  readonly name: string;
  readonly #inner: CacheStore;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(inner: CacheStore) {
    this.#inner = inner;
    this.name = `${inner.name}+cas`;
  }

  get<T>(key: string) {
    return this.#serial(() => this.#inner.get<T>(key));
  }
  put(key: string, value: unknown, ttlMs?: number) {
    return this.#serial(() => this.#inner.put(key, value, ttlMs));
  }
  add(key: string, value: unknown, ttlMs?: number) {
    return this.#serial(() => this.#inner.add(key, value, ttlMs));
  }
  forget(key: string) {
    return this.#serial(() => this.#inner.forget(key));
  }
  increment(key: string, by?: number) {
    return this.#serial(() => this.#inner.increment(key, by));
  }
  many<T>(keys: readonly string[]) {
    return this.#serial(() => this.#inner.many<T>(keys));
  }
  keys(prefix: string) {
    return this.#serial(() => this.#inner.keys(prefix));
  }
  close() {
    return this.#serial(() => this.#inner.close());
  }
  compareAndSwap(key: string, expected: unknown, next: unknown, ttlMs?: number) {
    return this.#serial(async () => {
      if (JSON.stringify(await this.#inner.get(key)) !== JSON.stringify(expected)) return false;
      await this.#inner.put(key, next, ttlMs);
      return true;
    });
  }
  compareAndDelete(key: string, expected: unknown) {
    return this.#serial(async () => {
      if (JSON.stringify(await this.#inner.get(key)) !== JSON.stringify(expected)) return false;
      return this.#inner.forget(key);
    });
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(work);
    this.#queue = result.catch(() => undefined);
    return result;
  }
}
