import { encodeKeyPart } from '../keys/encode-key-part.js';

/** Prefix of every overlap-lock key, for `list()` and `schedule:clear-locks`. */
export const OVERLAP_LOCK_PREFIX = 'overlap:';

/**
 * The lock key that keeps a task from running twice at once: `overlap:<encoded task id>`.
 *
 * @example
 * overlapLockKey('reports:daily'); // 'overlap:reports%3Adaily'
 */
export function overlapLockKey(taskId: string): string {
  return `${OVERLAP_LOCK_PREFIX}${encodeKeyPart(taskId)}`;
}
