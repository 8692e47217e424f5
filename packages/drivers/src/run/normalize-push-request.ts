import { InvalidPayloadError, quote, type PushRequest } from '@monkeyslegion/scheduler-core';
import type { PayloadLimits } from '../payload/payload-limits.js';
import { validatePayload } from '../payload/validate-payload.js';
import { validateDedupeKey, validateTaskId } from '../payload/validate-task-id.js';

/** A push request after validation: exactly what a driver stores. */
export interface NormalizedPush {
  /** Validated task id. */
  readonly taskId: string;
  /** Canonical JSON text of the payload, `null` when none was given. */
  readonly payloadText: string | null;
  /** Earliest run time in epoch milliseconds, `null` for "now" (the backend's clock decides). */
  readonly runAtMs: number | null;
  /** Validated dedupe key, `null` when none was given. */
  readonly dedupeKey: string | null;
}

const ALLOWED_FIELDS: ReadonlySet<string> = new Set(['taskId', 'payload', 'runAt', 'dedupeKey']);

/**
 * Validates a push request. Unknown fields are rejected rather than ignored, so a caller who tries to
 * smuggle a `command` learns at once that a push can only name a task id and carry JSON.
 *
 * @throws InvalidPayloadError naming the bad field or value.
 */
export function normalizePushRequest(request: PushRequest, limits: PayloadLimits): NormalizedPush {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw new InvalidPayloadError(`Driver: a push request must be an object { taskId, payload?, runAt?, dedupeKey? }, got ${quote(request)}`, {
      value: String(request),
    });
  }
  for (const field of Object.keys(request)) {
    if (!ALLOWED_FIELDS.has(field)) {
      throw new InvalidPayloadError(`Driver: push request field ${quote(field)} is not supported; a push names a registered task id and a JSON payload`, {
        value: field,
      });
    }
  }
  const taskId = validateTaskId(request.taskId);
  const payloadText = request.payload === undefined ? null : validatePayload(request.payload, limits);
  let runAtMs: number | null = null;
  if (request.runAt !== undefined) {
    if (!(request.runAt instanceof Date) || Number.isNaN(request.runAt.getTime())) {
      throw new InvalidPayloadError(`Driver: runAt must be a valid Date, got ${quote(String(request.runAt))}`, { taskId, value: String(request.runAt) });
    }
    runAtMs = request.runAt.getTime();
  }
  const dedupeKey = request.dedupeKey === undefined ? null : validateDedupeKey(request.dedupeKey);
  return { taskId, payloadText, runAtMs, dedupeKey };
}
