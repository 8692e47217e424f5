/**
 * A key/value store with TTLs, shared by the scheduler for state, manifests and cache-backed locks.
 *
 * Semantics every implementation must honour (checked by `@monkeyslegion/scheduler-cache/testing`):
 * - values are JSON: what `put` stores, `get` returns structurally equal (`undefined` is not storable);
 * - `ttlMs` is in milliseconds; a key written at time `t` with `ttlMs` is visible while `now < t + ttlMs`
 *   and gone from `now >= t + ttlMs` (for `get`, `add`, `many`, `keys` and `increment`); omitted = no expiry;
 *   it must be a positive finite number (fractions round up), anything else is rejected with a typed error;
 * - `add` is atomic across processes: of many concurrent `add`s of one absent key exactly one returns `true`;
 * - `keys(prefix)` matches the literal prefix (no glob or pattern characters are interpreted).
 */
export interface CacheStore {
  /** Human-readable backend name, e.g. `sqlite` or `redis`. */
  readonly name: string;
  /** Returns the value of `key`, or `undefined` when absent or expired. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Stores `value` under `key`, replacing any previous value; expires after `ttlMs` when given. */
  put(key: string, value: unknown, ttlMs?: number): Promise<void>;
  /** Stores `value` only when `key` is absent or expired; `true` when this call stored it. */
  add(key: string, value: unknown, ttlMs?: number): Promise<boolean>;
  /** Deletes `key`; `true` when a live (unexpired) entry was deleted. */
  forget(key: string): Promise<boolean>;
  /** Atomically adds `by` (default 1) to the integer at `key` (absent = 0) and returns the new value; keeps the TTL. */
  increment(key: string, by?: number): Promise<number>;
  /** Returns the values of several keys at once; absent keys map to `undefined`. */
  many<T = unknown>(keys: readonly string[]): Promise<Map<string, T | undefined>>;
  /** Lists the live keys that start with the literal `prefix`. */
  keys(prefix: string): Promise<string[]>;
  /** Releases connections and file handles; calling it twice is harmless, later operations reject. */
  close(): Promise<void>;
  /**
   * Optional, atomic across processes: replaces the value of `key` with `next` (TTL `ttlMs`, or none)
   * only while its live value equals `expected` (compared as JSON text); `true` when it did.
   * Stores that have it make `cacheLocks()` fully atomic for extend and release.
   */
  compareAndSwap?(key: string, expected: unknown, next: unknown, ttlMs?: number): Promise<boolean>;
  /** Optional, atomic across processes: deletes `key` only while its live value equals `expected` (JSON text). */
  compareAndDelete?(key: string, expected: unknown): Promise<boolean>;
}
