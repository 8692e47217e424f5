import { ConfigurationError, quote } from '@monkeyslegion/scheduler-core';

/**
 * Checks a lock key and TTL and returns the TTL as whole milliseconds (redlock and `PX` need integers;
 * rounding up never shortens a lock).
 */
export function assertLockArguments(component: string, key: string, ttlMs: number): number {
  if (typeof key !== 'string' || key.length === 0) {
    throw new ConfigurationError(`${component}: lock key must be a non-empty string, got ${quote(key)}`, { value: key });
  }
  return assertTtl(component, ttlMs);
}

/** Checks a TTL in milliseconds and returns it rounded up to a whole millisecond. */
export function assertTtl(component: string, ttlMs: number): number {
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new ConfigurationError(`${component}: ttlMs must be a positive number of milliseconds, got ${quote(ttlMs)}`, {
      value: ttlMs,
    });
  }
  return Math.ceil(ttlMs);
}
