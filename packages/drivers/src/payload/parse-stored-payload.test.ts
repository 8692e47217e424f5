import { InvalidPayloadError } from '@monkeyslegion/scheduler-core';
import { describe, expect, it } from 'vitest';
import { parseStoredPayload } from './parse-stored-payload.js';

describe('parseStoredPayload', () => {
  it('parses JSON text back into the value that was pushed', () => {
    expect(parseStoredPayload('{"a":[1,"two",null,{"b":false}]}')).toEqual({ a: [1, 'two', null, { b: false }] });
    expect(parseStoredPayload('null')).toBeNull();
  });

  it('rejects text that is not JSON with a one-line message', () => {
    const parse = () => parseStoredPayload('{"a": nope}');
    expect(parse).toThrow(InvalidPayloadError);
    expect(parse).toThrow(/^Payload: stored payload is not valid JSON \(/);
    try {
      parse();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('rejects a stored __proto__ key and leaves Object.prototype untouched', () => {
    expect(() => parseStoredPayload('{"__proto__":{"isAdmin":true}}')).toThrow(/key "__proto__" at payload is not allowed/);
    expect(() => parseStoredPayload('[{"constructor":{"prototype":{}}}]')).toThrow(/key "constructor" at payload\[0\]/);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('applies the size and depth limits to stored text before trusting it', () => {
    expect(() => parseStoredPayload(JSON.stringify('x'.repeat(100)), { maxBytes: 50 })).toThrow(/stored payload is 102 bytes of JSON, the limit is 50 bytes/);
    expect(() => parseStoredPayload('[[[[1]]]]', { maxDepth: 3 })).toThrow(/nests deeper than the limit of 3 levels/);
  });
});
