import { SchedulerError, quote } from '@monkeyslegion/scheduler-core';

/** A value cannot be stored as JSON, or a stored value cannot be used as asked (e.g. incrementing a non-integer). */
export class CacheValueError extends SchedulerError {
  constructor(message: string, key: string, value: unknown, cause?: unknown) {
    super('CACHE_VALUE', message, { context: { key, value }, cause });
  }

  /** Builds the error for a value that has no JSON form, naming the key and the value. */
  static unstorable(store: string, key: string, value: unknown, reason: string, cause?: unknown): CacheValueError {
    return new CacheValueError(`${store}: value ${describe(value)} for key ${quote(key)} is not storable as JSON (${reason})`, key, value, cause);
  }

  /** Builds the error for `increment` on a key whose stored value is not an integer (or would leave the integer range). */
  static notIncrementable(store: string, key: string, stored: unknown, by: number, cause?: unknown): CacheValueError {
    return new CacheValueError(
      `${store}: cannot increment key ${quote(key)} holding ${describe(stored)} by ${by}: not an integer or out of range`,
      key,
      stored,
      cause,
    );
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return value.toString();
  return quote(value);
}
