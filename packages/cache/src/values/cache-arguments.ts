import { CacheArgumentError } from '../errors/cache-argument-error.js';

/** The namespace put in front of every key when a store is built without a `prefix`. */
export const DEFAULT_CACHE_PREFIX = 'legion:';

// A thousand years: far beyond any real TTL, yet `now + ttl` stays a safe integer for SQLite and Redis.
const MAX_TTL_MS = 1000 * 365.25 * 24 * 60 * 60 * 1000;

/** Returns the namespace prefix of a store's options, or the default one. */
export function checkPrefix(store: string, prefix: unknown): string {
  if (prefix === undefined) return DEFAULT_CACHE_PREFIX;
  if (typeof prefix !== 'string') throw new CacheArgumentError(store, 'prefix', prefix, 'a string');
  return prefix;
}

/** Throws unless `key` is a string. */
export function checkKey(store: string, key: unknown): asserts key is string {
  if (typeof key !== 'string') throw new CacheArgumentError(store, 'key', key, 'a string');
}

/**
 * Validates an optional TTL and returns it as whole milliseconds (rounded up, so an entry never
 * lives shorter than asked), or `undefined` for "no expiry".
 */
export function checkTtlMs(store: string, ttlMs: unknown): number | undefined {
  if (ttlMs === undefined) return undefined;
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0 || ttlMs > MAX_TTL_MS) {
    throw new CacheArgumentError(store, 'ttlMs', ttlMs, 'a positive number of milliseconds up to 1000 years (omit it for no expiry)');
  }
  return Math.ceil(ttlMs);
}

/** Throws unless `by` is a safe integer. */
export function checkIncrement(store: string, by: unknown): number {
  if (typeof by !== 'number' || !Number.isSafeInteger(by)) throw new CacheArgumentError(store, 'by', by, 'a safe integer');
  return by;
}

/** Throws unless `keys` is an array of strings. */
export function checkKeyList(store: string, keys: unknown): asserts keys is readonly string[] {
  if (!Array.isArray(keys)) throw new CacheArgumentError(store, 'keys', keys, 'an array of strings');
  for (const key of keys) checkKey(store, key);
}
