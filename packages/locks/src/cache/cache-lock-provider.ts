import {
  ConfigurationError,
  quote,
  systemClock,
  type CacheStore,
  type Clock,
  type HeldLock,
  type Lease,
  type LockOwner,
  type LockProvider,
} from '@monkeyslegion/scheduler-core';
import { assertLockArguments, assertTtl } from '../lease/assert-lock-arguments.js';
import { OwnedLease } from '../lease/owned-lease.js';
import { randomToken } from '../lease/random-token.js';
import { resolveOwner } from '../lease/resolve-owner.js';
import { supportsCompareAndSwap } from './compare-and-swap-cache-store.js';

/** Options of `CacheLockProvider`. */
export interface CacheLockProviderOptions {
  /**
   * Namespace of lock keys inside the store (the store adds its own namespace in front).
   * @default 'lock:'
   */
  prefix?: string;
  /**
   * Stores without compare-and-swap: extend/release refuse to act when less than this remains before
   * expiry, so the lock cannot expire (and be taken) between their read and their write.
   * @default 100
   */
  safetyMarginMs?: number;
  /**
   * Source of "now" for expiry times; use the store's clock.
   * @default systemClock
   */
  clock?: Clock;
}

/** What a lock entry holds in the store. Key order is fixed: compare-and-swap compares JSON text. */
interface LockEntry {
  token: string;
  host: string;
  pid: number;
  runId: string | null;
  acquiredAt: number;
  expiresAt: number;
}

/**
 * Locks in any `CacheStore`: acquire is the store's atomic `add`. Extend and release are atomic on
 * stores implementing `CompareAndSwapCacheStore`; on the others they read, check the owner token and
 * write, which is safe against expiry (they refuse within `safetyMarginMs` of it) but not against an
 * operator's `forceRelease` plus a new acquire landing inside that one round trip.
 *
 * @example
 * const locks = new CacheLockProvider(new SqliteCacheStore({ file: '.legion/scheduler.db' }));
 */
export class CacheLockProvider implements LockProvider {
  readonly name: string;
  readonly #store: CacheStore;
  readonly #prefix: string;
  readonly #marginMs: number;
  readonly #clock: Clock;

  constructor(store: CacheStore, options: CacheLockProviderOptions = {}) {
    if (store === null || typeof store !== 'object' || typeof store.add !== 'function') {
      throw new ConfigurationError(`CacheLockProvider: store must be a CacheStore, got ${quote(store)}`, { value: store });
    }
    this.#store = store;
    this.name = `cache:${store.name}`;
    this.#prefix = options.prefix ?? 'lock:';
    this.#marginMs = options.safetyMarginMs ?? 100;
    if (!Number.isFinite(this.#marginMs) || this.#marginMs < 0) {
      throw new ConfigurationError(`CacheLockProvider: safetyMarginMs must be >= 0, got ${quote(this.#marginMs)}`, {
        value: this.#marginMs,
      });
    }
    this.#clock = options.clock ?? systemClock;
  }

  /** `true` when extend and release are atomic compare-and-swap operations on this store. */
  get isAtomic(): boolean {
    return supportsCompareAndSwap(this.#store);
  }

  async acquire(key: string, ttlMs: number, owner?: Partial<LockOwner>): Promise<Lease | null> {
    const ttl = assertLockArguments('CacheLockProvider', key, ttlMs);
    const resolved = resolveOwner(owner);
    const now = this.#clock.now();
    const entry: LockEntry = {
      token: randomToken(),
      host: resolved.host,
      pid: resolved.pid,
      runId: resolved.runId ?? null,
      acquiredAt: now,
      expiresAt: now + ttl,
    };
    if (!(await this.#store.add(this.#prefix + key, entry, ttl))) return null;
    return this.#lease(key, entry);
  }

  async forceRelease(key: string): Promise<boolean> {
    assertLockArguments('CacheLockProvider', key, 1);
    return this.#store.forget(this.#prefix + key);
  }

  async list(prefix = ''): Promise<HeldLock[]> {
    const keys = await this.#store.keys(this.#prefix + prefix);
    if (keys.length === 0) return [];
    const entries = await this.#store.many<LockEntry>(keys);
    const now = this.#clock.now();
    const held: HeldLock[] = [];
    for (const [storeKey, entry] of entries) {
      if (!isLockEntry(entry) || entry.expiresAt <= now) continue;
      const owner: LockOwner = { host: entry.host, pid: entry.pid };
      if (entry.runId !== null) owner.runId = entry.runId;
      held.push({
        key: storeKey.slice(this.#prefix.length),
        owner,
        acquiredAt: new Date(entry.acquiredAt),
        expiresAt: new Date(entry.expiresAt),
      });
    }
    return held.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async close(): Promise<void> {
    // The store belongs to whoever created it (the cache plugin closes it).
  }

  #lease(key: string, acquired: LockEntry): Lease {
    const storeKey = this.#prefix + key;
    let entry = acquired;
    return new OwnedLease(key, entry.token, new Date(entry.expiresAt), {
      extend: async (ttlMs) => {
        const ttl = assertTtl('CacheLockProvider', ttlMs);
        const next: LockEntry = { ...entry, expiresAt: this.#clock.now() + ttl };
        const store = this.#store;
        if (supportsCompareAndSwap(store)) {
          if (!(await store.compareAndSwap(storeKey, entry, next, ttl))) return null;
        } else {
          if (!(await this.#isSafelyOurs(storeKey, entry))) return null;
          await store.put(storeKey, next, ttl);
        }
        entry = next;
        return new Date(next.expiresAt);
      },
      release: async () => {
        const store = this.#store;
        if (supportsCompareAndSwap(store)) return store.compareAndDelete(storeKey, entry);
        const current = await store.get<LockEntry>(storeKey);
        if (!isLockEntry(current) || current.token !== entry.token) return false;
        // Too close to expiry to delete without risking someone else's fresh lock: let it expire instead.
        if (current.expiresAt - this.#clock.now() < this.#marginMs) return true;
        return store.forget(storeKey);
      },
    });
  }

  /** Our token, and far enough from expiry that nobody can take the key before our write lands. */
  async #isSafelyOurs(storeKey: string, entry: LockEntry): Promise<boolean> {
    const current = await this.#store.get<LockEntry>(storeKey);
    return isLockEntry(current) && current.token === entry.token && current.expiresAt - this.#clock.now() >= this.#marginMs;
  }
}

function isLockEntry(value: unknown): value is LockEntry {
  const entry = value as Partial<LockEntry> | undefined;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.token === 'string' &&
    typeof entry.host === 'string' &&
    typeof entry.pid === 'number' &&
    typeof entry.expiresAt === 'number' &&
    typeof entry.acquiredAt === 'number'
  );
}
