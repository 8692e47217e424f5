import { quote } from '@monkeyslegion/scheduler-core';
import { CacheValueError } from '../errors/cache-value-error.js';

/**
 * Serialises `value` to the JSON text a store keeps, rejecting what JSON cannot round-trip:
 * `undefined`, functions, symbols, bigints, non-finite numbers and cycles. The text is exactly
 * `JSON.stringify(value)`, the canonical form compare-and-swap compares.
 */
export function encodeCacheValue(store: string, key: string, value: unknown): string {
  const encoded = toJsonText(value);
  if ('text' in encoded) return encoded.text;
  throw CacheValueError.unstorable(store, key, value, encoded.problem, encoded.cause);
}

/**
 * Serialises the `expected` value of a compare-and-swap to the same canonical JSON text as `encodeCacheValue`,
 * so it matches a stored value exactly when both have the same JSON form; values with no JSON form are rejected.
 */
export function encodeExpectedValue(store: string, key: string, expected: unknown): string {
  const encoded = toJsonText(expected);
  if ('text' in encoded) return encoded.text;
  throw new CacheValueError(
    `${store}: expected value ${describe(expected)} for key ${quote(key)} is not a JSON value (${encoded.problem}), so no stored value can equal it`,
    key,
    expected,
    encoded.cause,
  );
}

function toJsonText(value: unknown): { text: string } | { problem: string; cause?: unknown } {
  if (value === undefined) return { problem: 'undefined is not a JSON value' };
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
    return { problem: error instanceof Error ? error.message : String(error), cause: error };
  }
  if (problem !== undefined) return { problem };
  if (text === undefined) return { problem: 'it has no JSON form' };
  return { text };
}

/** Parses stored JSON text back into a value; text another writer left behind fails with a `CacheValueError`. */
export function decodeCacheValue<T>(store: string, key: string, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new CacheValueError(`${store}: stored value ${quote(text)} of key ${quote(key)} is not JSON`, key, text, error);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return value.toString();
  return quote(value);
}
