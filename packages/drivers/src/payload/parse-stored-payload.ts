import { InvalidPayloadError } from '@monkeyslegion/scheduler-core';
import { resolvePayloadLimits, type PayloadLimits } from './payload-limits.js';
import { assertJsonValue, assertWithinSize } from './validate-payload.js';

/**
 * Parses a payload read back from a backend, applying the same rules as `validatePayload`, because
 * stored records may have been written by hand or by an older or foreign producer.
 *
 * @example
 * parseStoredPayload('{"invoiceId":42}'); // { invoiceId: 42 }
 * @throws InvalidPayloadError when the text is not JSON, too large, too deep or has unsafe keys.
 */
export function parseStoredPayload(text: string, limits: Partial<PayloadLimits> = {}): unknown {
  const resolved = resolvePayloadLimits(limits);
  assertWithinSize(text, resolved, 'stored payload');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error);
    throw new InvalidPayloadError(`Payload: stored payload is not valid JSON (${detail})`, { value: text.slice(0, 120) }, error);
  }
  // JSON.parse only creates own data properties (never touches Object.prototype), so walking the
  // result is enough to reject `__proto__` keys before a task can merge them into something.
  assertJsonValue(value, resolved);
  return value;
}
