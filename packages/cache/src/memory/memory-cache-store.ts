import { systemClock, type CacheStore, type Clock } from '@monkeyslegion/scheduler-core';
import { CacheClosedError } from '../errors/cache-closed-error.js';
import { CacheValueError } from '../errors/cache-value-error.js';
import { checkIncrement, checkKey, checkKeyList, checkPrefix, checkTtlMs } from '../values/cache-arguments.js';
import { decodeCacheValue, encodeCacheValue, encodeExpectedValue } from '../values/cache-value-codec.js';

/** Options of a `MemoryCacheStore`. */
export interface MemoryCacheStoreOptions {
  /**
   * Namespace put in front of every key.
   * @default 'legion:'
   */
  prefix?: string;
  /**
   * Source of "now" for expiry; inject a fake clock in tests.
   * @default systemClock
   */
  clock?: Clock;
}

interface Entry {
  /** JSON text, so every `get` hands out a fresh copy nobody else can mutate. */
  readonly json: string;
  /** Epoch milliseconds from which the entry is gone, or `null` for no expiry. */
  readonly expiresAt: number | null;
}

const NAME = 'MemoryCacheStore';
const SWEEP_INTERVAL_MS = 60_000;

/**
 * An in-process `CacheStore` on a `Map`: nothing is shared with other processes, so it suits tests
 * and single-process apps. Every method does its work synchronously before resolving, which makes
 * `add`, `increment`, `compareAndSwap` and `compareAndDelete` atomic within the process.
 *
 * @example
 * const store = new MemoryCacheStore();
 * await store.put('greeting', { text: 'hi' }, 60_000);
 */
export class MemoryCacheStore implements CacheStore {
  /** Backend name. */
  readonly name = 'memory';
  /** Namespace put in front of every key. */
  readonly prefix: string;
  private readonly clock: Clock;
  private readonly entries = new Map<string, Entry>();
  private isClosed = false;
  private lastSweepAt: number;

  constructor(options: MemoryCacheStoreOptions = {}) {
    this.prefix = checkPrefix(NAME, options.prefix);
    this.clock = options.clock ?? systemClock;
    this.lastSweepAt = this.clock.now();
  }

  /** Returns the value of `key`, or `undefined` when absent or expired. */
  async get<T = unknown>(key: string): Promise<T | undefined> {
    this.assertOpen('get');
    checkKey(NAME, key);
    const entry = this.live(this.prefix + key);
    return entry === undefined ? undefined : decodeCacheValue<T>(NAME, key, entry.json);
  }

  /** Stores `value` under `key`, replacing any previous value and TTL. */
  async put(key: string, value: unknown, ttlMs?: number): Promise<void> {
    this.assertOpen('put');
    checkKey(NAME, key);
    const ttl = checkTtlMs(NAME, ttlMs);
    this.entries.set(this.prefix + key, this.entry(key, value, ttl));
    this.sweepNowAndThen();
  }

  /** Stores `value` only when `key` is absent or expired; `true` when this call stored it. */
  async add(key: string, value: unknown, ttlMs?: number): Promise<boolean> {
    this.assertOpen('add');
    checkKey(NAME, key);
    const ttl = checkTtlMs(NAME, ttlMs);
    const entry = this.entry(key, value, ttl);
    if (this.live(this.prefix + key) !== undefined) return false;
    this.entries.set(this.prefix + key, entry);
    this.sweepNowAndThen();
    return true;
  }

  /** Deletes `key`; `true` when a live entry was deleted. */
  async forget(key: string): Promise<boolean> {
    this.assertOpen('forget');
    checkKey(NAME, key);
    const wasLive = this.live(this.prefix + key) !== undefined;
    this.entries.delete(this.prefix + key);
    return wasLive;
  }

  /** Adds `by` to the integer at `key` (absent = 0) and returns the new value; keeps the TTL. */
  async increment(key: string, by = 1): Promise<number> {
    this.assertOpen('increment');
    checkKey(NAME, key);
    checkIncrement(NAME, by);
    const fullKey = this.prefix + key;
    const entry = this.live(fullKey);
    const current = entry === undefined ? 0 : decodeCacheValue<unknown>(NAME, key, entry.json);
    const next = typeof current === 'number' ? current + by : Number.NaN;
    if (!Number.isSafeInteger(current) || !Number.isSafeInteger(next)) throw CacheValueError.notIncrementable(NAME, key, current, by);
    this.entries.set(fullKey, { json: JSON.stringify(next), expiresAt: entry?.expiresAt ?? null });
    return next;
  }

  /** Replaces the live value of `key` with `next` (TTL `ttlMs`, or none) only while its JSON text equals `expected`'s; `true` when it did. */
  async compareAndSwap(key: string, expected: unknown, next: unknown, ttlMs?: number): Promise<boolean> {
    this.assertOpen('compareAndSwap');
    checkKey(NAME, key);
    const ttl = checkTtlMs(NAME, ttlMs);
    const expectedJson = encodeExpectedValue(NAME, key, expected);
    const entry = this.entry(key, next, ttl);
    if (this.live(this.prefix + key)?.json !== expectedJson) return false;
    this.entries.set(this.prefix + key, entry);
    this.sweepNowAndThen();
    return true;
  }

  /** Deletes `key` only while its live value's JSON text equals `expected`'s; `true` when it did. */
  async compareAndDelete(key: string, expected: unknown): Promise<boolean> {
    this.assertOpen('compareAndDelete');
    checkKey(NAME, key);
    const expectedJson = encodeExpectedValue(NAME, key, expected);
    if (this.live(this.prefix + key)?.json !== expectedJson) return false;
    this.entries.delete(this.prefix + key);
    return true;
  }

  /** Returns the values of several keys at once; absent keys map to `undefined`. */
  async many<T = unknown>(keys: readonly string[]): Promise<Map<string, T | undefined>> {
    this.assertOpen('many');
    checkKeyList(NAME, keys);
    const result = new Map<string, T | undefined>();
    for (const key of keys) {
      const entry = this.live(this.prefix + key);
      result.set(key, entry === undefined ? undefined : decodeCacheValue<T>(NAME, key, entry.json));
    }
    return result;
  }

  /** Lists the live keys (without the namespace) that start with the literal `prefix`. */
  async keys(prefix: string): Promise<string[]> {
    this.assertOpen('keys');
    checkKey(NAME, prefix);
    const fullPrefix = this.prefix + prefix;
    const now = this.clock.now();
    const found: string[] = [];
    for (const [fullKey, entry] of this.entries) {
      if ((entry.expiresAt === null || now < entry.expiresAt) && fullKey.startsWith(fullPrefix)) found.push(fullKey.slice(this.prefix.length));
    }
    return found;
  }

  /** Drops every entry; the store is unusable afterwards. */
  async close(): Promise<void> {
    this.isClosed = true;
    this.entries.clear();
  }

  /** Drops expired entries at most once a minute, so keys written once and never read again do not pile up. */
  private sweepNowAndThen(): void {
    const now = this.clock.now();
    if (now - this.lastSweepAt < SWEEP_INTERVAL_MS) return;
    this.lastSweepAt = now;
    for (const [fullKey, entry] of this.entries) {
      if (entry.expiresAt !== null && now >= entry.expiresAt) this.entries.delete(fullKey);
    }
  }

  private entry(key: string, value: unknown, ttlMs: number | undefined): Entry {
    return { json: encodeCacheValue(NAME, key, value), expiresAt: ttlMs === undefined ? null : this.clock.now() + ttlMs };
  }

  /** The entry of `fullKey` when it is still visible (`now < expiresAt`); expired entries are dropped on the way. */
  private live(fullKey: string): Entry | undefined {
    const entry = this.entries.get(fullKey);
    if (entry === undefined) return undefined;
    if (entry.expiresAt !== null && this.clock.now() >= entry.expiresAt) {
      this.entries.delete(fullKey);
      return undefined;
    }
    return entry;
  }

  private assertOpen(operation: string): void {
    if (this.isClosed) throw new CacheClosedError(NAME, operation);
  }
}
