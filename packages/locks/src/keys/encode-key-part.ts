const SAFE_BYTE = /^[A-Za-z0-9_.-]$/;

/**
 * Percent-encodes every UTF-8 byte of `value` outside `[A-Za-z0-9_.-]` (as `%XX`, upper-case hex), so a
 * task id or host name can sit between `:` separators of a lock key without two different inputs ever
 * producing the same key (`a:b` + `c` vs `a` + `b:c`) and without glob characters (`*`, `?`, `[`).
 * Lone surrogates become `%uXXXX`. The encoding is injective and prefix-preserving: `encodeKeyPart(a + b) === encodeKeyPart(a) + encodeKeyPart(b)`.
 *
 * @example
 * encodeKeyPart('reports:daily*'); // 'reports%3Adaily%2A'
 */
export function encodeKeyPart(value: string): string {
  let encoded = '';
  for (const character of value) {
    if (SAFE_BYTE.test(character)) {
      encoded += character;
      continue;
    }
    const code = character.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      // A lone surrogate has no UTF-8 form (Buffer would turn every one into U+FFFD and collide).
      encoded += `%u${code.toString(16).toUpperCase()}`;
      continue;
    }
    for (const byte of Buffer.from(character, 'utf8')) {
      encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return encoded;
}

/** Reverses `encodeKeyPart` (e.g. to show the task id of a lock whose task is no longer registered). */
export function decodeKeyPart(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replace(/%u([0-9A-F]{4})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))));
  } catch {
    return encoded;
  }
}
