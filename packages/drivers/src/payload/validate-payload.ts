import { InvalidPayloadError } from '@monkeyslegion/scheduler-core';
import { resolvePayloadLimits, type PayloadLimits } from './payload-limits.js';

/** Keys that could rewrite an object's prototype once a task spreads or merges the payload. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Longest path quoted in an error message, so messages stay on one readable line. */
const MAX_PATH_LENGTH = 120;

/**
 * Checks that `payload` is plain JSON within `limits` and returns its JSON text, the only form a
 * driver stores. Rejects functions, symbols, bigints, `undefined`, NaN/Infinity, cycles, class
 * instances (Date, Map, Buffer …), sparse arrays and the keys `__proto__`, `constructor`, `prototype`.
 *
 * @example
 * const text = validatePayload({ invoiceId: 42 }); // '{"invoiceId":42}'
 * @throws InvalidPayloadError naming the offending path, e.g. `payload.items[3].at`.
 */
export function validatePayload(payload: unknown, limits: Partial<PayloadLimits> = {}): string {
  const resolved = resolvePayloadLimits(limits);
  assertJsonValue(payload, resolved);
  const text = JSON.stringify(payload);
  assertWithinSize(text, resolved, 'payload');
  return text;
}

/**
 * Checks that a payload's JSON text is within the size limit; run before parsing so an oversized
 * record costs no parse.
 */
export function assertWithinSize(text: string, limits: PayloadLimits, what: string): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) {
    throw new InvalidPayloadError(`Payload: ${what} is ${bytes} bytes of JSON, the limit is ${limits.maxBytes} bytes`, {
      value: bytes,
      limit: limits.maxBytes,
    });
  }
}

/** Walks `value` and throws an `InvalidPayloadError` at the first thing that is not plain JSON. */
export function assertJsonValue(value: unknown, limits: PayloadLimits): void {
  walk(value, [], 0, new Set(), limits);
}

function walk(value: unknown, path: (string | number)[], depth: number, ancestors: Set<object>, limits: PayloadLimits): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) reject(path, `is ${String(value)}; only finite numbers are JSON`, value);
      return;
    case 'undefined':
      reject(path, `is undefined${typeof path[path.length - 1] === 'number' ? ' (a sparse array hole)' : ''}; only JSON values are allowed`, value);
      return;
    case 'function':
    case 'symbol':
    case 'bigint':
      reject(path, `is a ${typeof value}; only JSON values (objects, arrays, strings, finite numbers, booleans, null) are allowed`, value);
      return;
    default:
      break;
  }
  if (value === null) return;
  const container = value as object;
  if (ancestors.has(container)) reject(path, 'is a circular reference', '[circular]');
  if (depth + 1 > limits.maxDepth) reject(path, `nests deeper than the limit of ${limits.maxDepth} levels`, depth + 1);
  ancestors.add(container);
  if (Array.isArray(container)) {
    for (let index = 0; index < container.length; index += 1) {
      path.push(index);
      walk(container[index], path, depth + 1, ancestors, limits);
      path.pop();
    }
  } else {
    const prototype: unknown = Object.getPrototypeOf(container);
    if (prototype !== Object.prototype && prototype !== null) {
      const kind = (container as { constructor?: { name?: string } }).constructor?.name || 'non-plain object';
      reject(path, `is a ${kind}; only plain objects and arrays are allowed (convert it first, e.g. date.toISOString())`, kind);
    }
    if (Object.getOwnPropertySymbols(container).length > 0) reject(path, 'has symbol keys, which JSON cannot carry', '[symbol key]');
    for (const key of Object.keys(container)) {
      if (FORBIDDEN_KEYS.has(key)) {
        throw new InvalidPayloadError(`Payload: key "${key}" at ${formatPath(path)} is not allowed (it could pollute prototypes)`, {
          value: key,
          path: formatPath(path),
        });
      }
      path.push(key);
      walk((container as Record<string, unknown>)[key], path, depth + 1, ancestors, limits);
      path.pop();
    }
  }
  ancestors.delete(container);
}

function reject(path: (string | number)[], problem: string, value: unknown): never {
  const where = formatPath(path);
  throw new InvalidPayloadError(`Payload: value at ${where} ${problem}`, { value: describe(value), path: where });
}

/** Keeps error context serializable: a symbol or bigint would break `JSON.stringify(error.context)`. */
function describe(value: unknown): unknown {
  return typeof value === 'symbol' || typeof value === 'bigint' || typeof value === 'function' ? String(value) : value;
}

function formatPath(path: readonly (string | number)[]): string {
  let text = 'payload';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) text += `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text.length > MAX_PATH_LENGTH ? `${text.slice(0, MAX_PATH_LENGTH - 3)}...` : text;
}
