// Workaround: the CLI depends on core and runner only, and the runner does not re-export the lock-key
// helpers of @monkeyslegion/scheduler-locks (`OVERLAP_LOCK_PREFIX`, `overlapLockKey`). This mirrors
// their documented format, `overlap:<id with every byte outside [A-Za-z0-9_.-] as %XX>`; the e2e tests
// check it against locks held by real runs. Replace with the runner's re-export once it exists.

/** Prefix of every overlap-lock key. */
export const OVERLAP_LOCK_PREFIX = 'overlap:';

const SAFE = /^[A-Za-z0-9_.-]$/;

/** The overlap-lock key of a task id (same encoding as `@monkeyslegion/scheduler-locks`). */
export function overlapLockKey(taskId: string): string {
  let encoded = '';
  for (const character of taskId) {
    if (SAFE.test(character)) {
      encoded += character;
      continue;
    }
    const code = character.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      encoded += `%u${code.toString(16).toUpperCase()}`;
      continue;
    }
    for (const byte of Buffer.from(character, 'utf8')) encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return OVERLAP_LOCK_PREFIX + encoded;
}

/** The task id inside an overlap-lock key, for locks whose task is no longer registered. */
export function taskIdOfLockKey(key: string): string {
  const encoded = key.startsWith(OVERLAP_LOCK_PREFIX) ? key.slice(OVERLAP_LOCK_PREFIX.length) : key;
  try {
    return decodeURIComponent(encoded.replace(/%u([0-9A-F]{4})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))));
  } catch {
    return encoded;
  }
}
