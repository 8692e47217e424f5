import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '@monkeyslegion/scheduler-core';
import { escapeGlob } from './escape-glob.js';
import { ownerKeyPrefix } from './owner-key-prefix.js';

describe('escapeGlob', () => {
  it('escapes every Redis glob metacharacter and nothing else', () => {
    expect(escapeGlob('a*b?c[d]e\\f:g%_')).toBe('a\\*b\\?c\\[d\\]e\\\\f:g%_');
  });
});

describe('ownerKeyPrefix', () => {
  it('derives a sibling namespace for owner hashes', () => {
    expect(ownerKeyPrefix('legion:lock:')).toBe('legion:lock~owner:');
    expect(ownerKeyPrefix('app~')).toBe('app!owner:');
  });

  it('never yields a namespace that starts with the lock prefix or that the lock prefix starts with', () => {
    for (const prefix of ['legion:lock:', 'x', 'a~', 'locks', 'p:']) {
      const owner = ownerKeyPrefix(prefix);
      expect(owner.startsWith(prefix)).toBe(false);
      expect(prefix.startsWith(owner)).toBe(false);
    }
  });

  it('rejects an empty prefix with a ConfigurationError', () => {
    expect(() => ownerKeyPrefix('')).toThrow(ConfigurationError);
  });
});
