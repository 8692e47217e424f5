import { quote } from '@monkeyslegion/scheduler-core';
import { CacheValueError } from '../errors/cache-value-error.js';

/**
 * Serialises `value` to the JSON text a store keeps, rejecting what JSON cannot round-trip:
 * `undefined`, functions, symbols, bigints, non-finite numbers and cycles.
 */
export function encodeCacheValue(store: string, key: string, value: unknown): string {
  if (value === undefined) throw CacheValueError.unstorable(store, key, value, 'undefined is not a JSON value');
  let problem: string | undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (_name, nested: unknown) => {
      // Checked inside the replacer because JSON.stringify would silently turn these into null or drop them.
      if (typeof nested === 'function' || typeof nested === 'symbol') problem ??= `contains a ${typeof nested}`;
      else if (typeof nested === 'number' && !Number.isFinite(nested)) problem ??= `contains the number ${nested}`;
      return nested;
    });
  } catch (error) {
    throw CacheValueError.unstorable(store, key, value, error instanceof Error ? error.message : String(error), error);
  }
  if (problem !== undefined) throw CacheValueError.unstorable(store, key, value, problem);
  if (text === undefined) throw CacheValueError.unstorable(store, key, value, 'it has no JSON form');
  return text;
}

/** Parses stored JSON text back into a value; text another writer left behind fails with a `CacheValueError`. */
export function decodeCacheValue<T>(store: string, key: string, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new CacheValueError(`${store}: stored value ${quote(text)} of key ${quote(key)} is not JSON`, key, text, error);
  }
}
