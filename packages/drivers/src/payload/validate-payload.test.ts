import { InvalidPayloadError } from '@monkeyslegion/scheduler-core';
import { describe, expect, it } from 'vitest';
import { validatePayload } from './validate-payload.js';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return value;
}

function rejection(payload: unknown, limits = {}): InvalidPayloadError {
  try {
    validatePayload(payload, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidPayloadError);
    return error as InvalidPayloadError;
  }
  throw new Error(`validatePayload accepted ${String(payload)}`);
}

describe('validatePayload', () => {
  it('returns the JSON text of plain JSON values unchanged in meaning', () => {
    const payload = { id: 42, name: 'café ☕', tags: ['a', 'b'], nested: { ok: true, none: null }, ratio: -0.5 };
    const text = validatePayload(payload);
    expect(JSON.parse(text)).toEqual(payload);
    expect(validatePayload(null)).toBe('null');
    expect(validatePayload('text')).toBe('"text"');
    expect(validatePayload([1, [2, [3]]])).toBe('[1,[2,[3]]]');
  });

  it('accepts objects created without a prototype', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.key = 'value';
    expect(validatePayload(bare)).toBe('{"key":"value"}');
  });

  it('rejects a payload whose JSON exceeds the byte limit, counting UTF-8 bytes', () => {
    expect(rejection({ blob: 'x'.repeat(70 * 1024) }).message).toMatch(/^Payload: payload is \d+ bytes of JSON, the limit is 65536 bytes$/);
    // 30 three-byte characters are 90 bytes plus quotes, over a 64-byte limit though only 32 UTF-16 units.
    expect(rejection('€'.repeat(30), { maxBytes: 64 }).message).toContain('is 92 bytes');
    expect(validatePayload('x'.repeat(60), { maxBytes: 64 })).toHaveLength(62);
  });

  it('rejects nesting deeper than the depth limit and accepts it at the limit', () => {
    expect(validatePayload(nested(32))).toContain('leaf');
    const error = rejection(nested(33));
    expect(error.message).toContain('nests deeper than the limit of 32 levels');
    expect(error.message).toContain('payload.a.a');
    expect(rejection([[['x']]], { maxDepth: 2 }).message).toBe('Payload: value at payload[0][0] nests deeper than the limit of 2 levels');
  });

  it.each([
    ['a function', { run: () => 1 }, 'value at payload.run is a function'],
    ['a symbol', { s: Symbol('x') }, 'value at payload.s is a symbol'],
    ['a bigint', { big: 10n }, 'value at payload.big is a bigint'],
    ['undefined inside an object', { missing: undefined }, 'value at payload.missing is undefined'],
    ['a sparse array hole', [1, , 3], 'value at payload[1] is undefined (a sparse array hole)'],
    ['NaN', { n: Number.NaN }, 'value at payload.n is NaN'],
    ['Infinity', { list: [Number.POSITIVE_INFINITY] }, 'value at payload.list[0] is Infinity'],
    ['a Date', { at: new Date(0) }, 'value at payload.at is a Date'],
    ['a Map', new Map(), 'value at payload is a Map'],
    ['a Buffer', { data: Buffer.from('x') }, 'value at payload.data is a Buffer'],
    ['a top-level undefined', undefined, 'value at payload is undefined'],
  ])('rejects %s with a message naming the path', (_label, payload, expected) => {
    expect(rejection(payload).message).toContain(expected);
  });

  it('quotes awkward keys in the path', () => {
    expect(rejection({ 'a b': { 'x-y': () => 1 } }).message).toContain('payload["a b"]["x-y"]');
  });

  it('rejects cyclic structures instead of overflowing the stack', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = { back: cyclic };
    expect(rejection(cyclic).message).toBe('Payload: value at payload.self.back is a circular reference');
  });

  it('accepts the same object twice when it is shared, not cyclic', () => {
    const shared = { v: 1 };
    expect(validatePayload({ a: shared, b: shared })).toBe('{"a":{"v":1},"b":{"v":1}}');
  });

  it('rejects symbol keys, which JSON would drop silently', () => {
    expect(rejection({ [Symbol('hidden')]: 1 }).message).toContain('has symbol keys');
  });

  it.each(['__proto__', 'constructor', 'prototype'])('rejects the key %s anywhere in the payload', (key) => {
    const payload = JSON.parse(`{"safe":{"${key}":{"polluted":true}}}`) as unknown;
    const error = rejection(payload);
    expect(error.message).toBe(`Payload: key "${key}" at payload.safe is not allowed (it could pollute prototypes)`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps every message on one line', () => {
    expect(rejection({ ['line\nbreak']: () => 1 }).message).not.toContain('\n');
  });
});
