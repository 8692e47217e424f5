import { describe, expect, it } from 'vitest';
import { escapeGlob } from './escape-glob.js';

describe('escapeGlob', () => {
  it('escapes every Redis glob metacharacter and nothing else', () => {
    expect(escapeGlob('a*b?c[d]e\\f:g%_')).toBe('a\\*b\\?c\\[d\\]e\\\\f:g%_');
  });
});
