import { InvalidPayloadError, MAX_TASK_ID_LENGTH, quote } from '@monkeyslegion/scheduler-core';

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Longest accepted dedupe key. */
export const MAX_DEDUPE_KEY_LENGTH = 255;

/**
 * Checks the task id of a pushed run: a non-empty string of at most 255 characters without control
 * characters. Whether the id is registered is the caller's check, not the driver's.
 *
 * @throws InvalidPayloadError quoting the bad id.
 */
export function validateTaskId(taskId: unknown): string {
  return validateName(taskId, 'task id', MAX_TASK_ID_LENGTH);
}

/**
 * Checks a dedupe key: a non-empty string of at most 255 characters without control characters.
 *
 * @throws InvalidPayloadError quoting the bad key.
 */
export function validateDedupeKey(dedupeKey: unknown): string {
  return validateName(dedupeKey, 'dedupe key', MAX_DEDUPE_KEY_LENGTH);
}

function validateName(value: unknown, what: string, maxLength: number): string {
  if (typeof value !== 'string') {
    throw new InvalidPayloadError(`Driver: ${what} must be a string, got ${value === null ? 'null' : typeof value} ${quote(value)}`, { value: String(value) });
  }
  if (value.length === 0) throw new InvalidPayloadError(`Driver: ${what} must not be empty`, { value });
  if (value.length > maxLength) {
    throw new InvalidPayloadError(`Driver: ${what} ${quote(value)} is ${value.length} characters long, the limit is ${maxLength}`, { value });
  }
  if (CONTROL_CHARACTERS.test(value)) {
    throw new InvalidPayloadError(`Driver: ${what} ${JSON.stringify(value).slice(0, 120)} contains control characters`, { value });
  }
  return value;
}
