import { describe, expect, it } from 'vitest';
import { randomToken } from './random-token.js';

describe('randomToken', () => {
  it('returns 32 lower-case hex characters, distinct across several refills of its byte pool', () => {
    const tokens = Array.from({ length: 2000 }, () => randomToken());
    for (const token of tokens) expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
  });
});
