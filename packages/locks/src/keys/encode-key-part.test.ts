import { describe, expect, it } from 'vitest';
import { decodeKeyPart, encodeKeyPart } from './encode-key-part.js';

describe('encodeKeyPart', () => {
  it('leaves letters, digits, dot, dash and underscore as they are', () => {
    expect(encodeKeyPart('Backup-db_v2.1')).toBe('Backup-db_v2.1');
  });

  it('percent-encodes separators, glob characters, spaces and non-ASCII as UTF-8 bytes', () => {
    expect(encodeKeyPart('a:b*c?[d] e/f%')).toBe('a%3Ab%2Ac%3F%5Bd%5D%20e%2Ff%25');
    expect(encodeKeyPart('ü')).toBe('%C3%BC');
    expect(encodeKeyPart('🔒')).toBe('%F0%9F%94%92');
  });

  it('never lets two ways of splitting an id around ":" produce the same key', () => {
    expect(`${encodeKeyPart('a:b')}:${encodeKeyPart('c')}`).not.toBe(`${encodeKeyPart('a')}:${encodeKeyPart('b:c')}`);
  });

  it('keeps lone surrogates distinct instead of folding them into one replacement character', () => {
    expect(encodeKeyPart('\ud800')).toBe('%uD800');
    expect(encodeKeyPart('\ud800')).not.toBe(encodeKeyPart('\udc00'));
  });

  it('is prefix-preserving, so a literal prefix of ids is a literal prefix of their keys', () => {
    const whole = 'reports:daily*';
    expect(encodeKeyPart(whole).startsWith(encodeKeyPart('reports:'))).toBe(true);
    expect(encodeKeyPart('a') + encodeKeyPart(':b')).toBe(encodeKeyPart('a:b'));
  });

  it('decodes what it encoded, hostile characters and lone surrogates included', () => {
    for (const id of ['reports:daily*', 'a b/../c', 'é 日本', '\ud800x', '100%', '']) expect(decodeKeyPart(encodeKeyPart(id))).toBe(id);
  });
});
