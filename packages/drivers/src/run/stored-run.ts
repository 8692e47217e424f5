import type { PushedRun } from '@monkeyslegion/scheduler-core';
import type { PayloadLimits } from '../payload/payload-limits.js';
import { parseStoredPayload } from '../payload/parse-stored-payload.js';
import { validateTaskId } from '../payload/validate-task-id.js';

/** A claimed record as a backend returns it, before any trust is placed in it. */
export interface StoredRun {
  /** Driver id of the run. */
  readonly id: string;
  /** Stored task id: anything, since records can be written by hand. */
  readonly taskId: unknown;
  /** Stored payload text, `null` when none. */
  readonly payload: string | null;
  /** Earliest run time in epoch milliseconds, `null` when missing or unreadable. */
  readonly runAtMs: number | null;
  /** Push time in epoch milliseconds, `null` when missing or unreadable. */
  readonly pushedAtMs: number | null;
  /** Claims so far, this one included. */
  readonly attempts: number;
  /** Stored dedupe key, `null` when none. */
  readonly dedupeKey: string | null;
}

/** The outcome of decoding a claimed record: a run to hand out, or the reason it is unusable. */
export type DecodedRun = { readonly run: PushedRun; readonly malformed?: undefined } | { readonly run?: undefined; readonly malformed: string };

/**
 * Turns a stored record into a `PushedRun`, or explains why it cannot be one (missing or invalid
 * task id, payload that is not safe JSON, unreadable times), so the driver can fail it visibly.
 */
export function decodeStoredRun(record: StoredRun, limits: PayloadLimits): DecodedRun {
  if (record.taskId === null || record.taskId === undefined || record.taskId === '') return { malformed: 'task id is missing' };
  let taskId: string;
  let payload: unknown;
  try {
    taskId = validateTaskId(record.taskId);
    payload = record.payload === null ? undefined : parseStoredPayload(record.payload, limits);
  } catch (error) {
    return { malformed: error instanceof Error ? error.message : String(error) };
  }
  if (record.runAtMs === null || !Number.isFinite(record.runAtMs)) return { malformed: 'run time is missing or not a number' };
  if (record.pushedAtMs === null || !Number.isFinite(record.pushedAtMs)) return { malformed: 'push time is missing or not a number' };
  const run: PushedRun = {
    id: record.id,
    taskId,
    pushedAt: new Date(record.pushedAtMs),
    runAt: new Date(record.runAtMs),
    attempts: record.attempts,
  };
  if (payload !== undefined) run.payload = payload;
  if (record.dedupeKey !== null) run.dedupeKey = record.dedupeKey;
  return { run };
}

/** Short text of a stored task id for failure records, whatever was stored. */
export function storedTaskIdText(taskId: unknown): string {
  if (typeof taskId === 'string') return taskId.slice(0, 255);
  return taskId === null || taskId === undefined ? '' : String(taskId).slice(0, 255);
}
