import { createHash } from 'node:crypto';

/** Encoded names longer than this are shortened with a hash (file names are limited to 255 bytes). */
const MAX_ENCODED_LENGTH = 160;
const SAFE = /^[a-z0-9_-]$/;

/** Suffix of lock files; temp, gate and tombstone files never end with it. */
export const LOCK_FILE_SUFFIX = '.lock';

/**
 * The file name of `key`'s lock: every UTF-8 byte outside `[a-z0-9_-]` becomes `%XX` (upper-case hex),
 * so names never contain `/`, `.` (no `..`) or NUL and stay distinct on case-insensitive file systems
 * (upper-case letters are escaped too); names that would exceed 160 characters keep a 100-character
 * head plus `~` and the SHA-256 of the full encoding (`~` never appears in the short form, so the two forms cannot meet).
 *
 * @example
 * lockFileName('overlap:Backup/db'); // 'overlap%3A%42ackup%2Fdb.lock'
 */
export function lockFileName(key: string): string {
  let encoded = '';
  for (const character of key) {
    if (SAFE.test(character)) encoded += character;
    else {
      const code = character.codePointAt(0) ?? 0;
      // Lone surrogates have no UTF-8 form; give each its own escape instead of U+FFFD.
      if (code >= 0xd800 && code <= 0xdfff) encoded += `%u${code.toString(16).toUpperCase()}`;
      else for (const byte of Buffer.from(character, 'utf8')) encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  if (encoded.length > MAX_ENCODED_LENGTH) {
    encoded = `${encoded.slice(0, 100)}~${createHash('sha256').update(encoded).digest('hex')}`;
  }
  return `${encoded}${LOCK_FILE_SUFFIX}`;
}
