import { ConfigurationError, quote } from '@monkeyslegion/scheduler-core';

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * Checks `claim`/`extend` arguments: a consumer name (non-empty, at most 255 characters, no control
 * characters), a non-negative integer `max` and a positive visibility timeout.
 *
 * @throws ConfigurationError naming the driver and the bad value.
 */
export function assertClaimArguments(driver: string, consumer: string, max: number, visibilityTimeoutMs: number): void {
  if (typeof consumer !== 'string' || consumer.length === 0 || consumer.length > 255 || CONTROL_CHARACTERS.test(consumer)) {
    throw new ConfigurationError(`${driver}: consumer name ${quote(consumer)} must be 1-255 characters without control characters`, { value: consumer });
  }
  if (!Number.isInteger(max) || max < 0) {
    throw new ConfigurationError(`${driver}: claim max ${quote(max)} must be a non-negative integer`, { value: max });
  }
  assertVisibilityTimeout(driver, visibilityTimeoutMs);
}

/**
 * Checks a visibility timeout: a positive, finite number of milliseconds.
 *
 * @throws ConfigurationError naming the driver and the bad value.
 */
export function assertVisibilityTimeout(driver: string, visibilityTimeoutMs: number): void {
  if (typeof visibilityTimeoutMs !== 'number' || !Number.isFinite(visibilityTimeoutMs) || visibilityTimeoutMs <= 0) {
    throw new ConfigurationError(`${driver}: visibility timeout ${quote(visibilityTimeoutMs)} must be a positive number of milliseconds`, {
      value: visibilityTimeoutMs,
    });
  }
}
