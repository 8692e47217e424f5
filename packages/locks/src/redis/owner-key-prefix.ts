import { ConfigurationError, quote } from '@monkeyslegion/scheduler-core';

/**
 * The namespace of the owner-metadata hashes that sit beside the lock keys of `lockPrefix`:
 * `legion:lock:` becomes `legion:lock~owner:`. The two prefixes differ in the last character of
 * `lockPrefix`, so neither starts with the other: no lock key can ever equal an owner key, whatever the
 * lock keys contain, and `SCAN MATCH <lockPrefix>*` never returns owner keys.
 */
export function ownerKeyPrefix(lockPrefix: string): string {
  if (typeof lockPrefix !== 'string' || lockPrefix.length === 0) {
    throw new ConfigurationError(`RedisLockProvider: prefix must be a non-empty string, got ${quote(lockPrefix)}`, {
      value: lockPrefix,
    });
  }
  const last = lockPrefix.at(-1);
  return `${lockPrefix.slice(0, -1)}${last === '~' ? '!' : '~'}owner:`;
}
