import { describe, expect, it } from 'vitest';
import { lockFileName } from './lock-file-name.js';

describe('lockFileName', () => {
  it('keeps lower-case letters, digits, dash and underscore and ends with .lock', () => {
    expect(lockFileName('backup-db_2')).toBe('backup-db_2.lock');
  });

  it('escapes dots and slashes, so no name can climb out of the folder', () => {
    expect(lockFileName('../x')).toBe('%2E%2E%2Fx.lock');
    expect(lockFileName('..')).toBe('%2E%2E.lock');
  });

  it('escapes upper-case letters so names stay distinct on case-insensitive file systems', () => {
    expect(lockFileName('A')).toBe('%41.lock');
    expect(lockFileName('A').toLowerCase()).not.toBe(lockFileName('a').toLowerCase());
  });

  it('shortens long keys to a head plus a hash that tells keys with the same head apart', () => {
    const long = 'x'.repeat(10_000);
    const name = lockFileName(long);
    expect(name).toMatch(/^x{100}~[0-9a-f]{64}\.lock$/);
    expect(lockFileName(`${long}y`)).not.toBe(name);
    expect(Buffer.byteLength(name)).toBeLessThan(255);
  });

  it('never gives a short key the shape of a shortened one', () => {
    expect(lockFileName('x~y')).toBe('x%7Ey.lock');
  });
});
