import type { LockOwner } from '@monkeyslegion/scheduler-core';
import { isProcessAlive } from './is-process-alive.js';

/** The JSON content of a lock file (and of a gate file). */
export interface LockRecord {
  /** The lock key (file names of long keys are hashed, so the key is kept here for `list()`). */
  key: string;
  /** The owner token. */
  token: string;
  /** Owner host name. */
  host: string;
  /** Owner process id on `host`. */
  pid: number;
  /** Owner run id, when any. */
  runId?: string;
  /** Epoch milliseconds of acquisition. */
  acquiredAt: number;
  /** Epoch milliseconds after which the lock is free. */
  expiresAt: number;
}

/** Builds a record for `owner`. */
export function createLockRecord(key: string, token: string, owner: LockOwner, now: number, ttlMs: number): LockRecord {
  const record: LockRecord = { key, token, host: owner.host, pid: owner.pid, acquiredAt: now, expiresAt: now + ttlMs };
  if (owner.runId !== undefined) record.runId = owner.runId;
  return record;
}

/** Parses lock-file text; `null` for anything that is not a complete record. */
export function parseLockRecord(text: string): LockRecord | null {
  try {
    const value = JSON.parse(text) as Partial<LockRecord> | null;
    if (
      value === null ||
      typeof value !== 'object' ||
      typeof value.key !== 'string' ||
      typeof value.token !== 'string' ||
      typeof value.host !== 'string' ||
      typeof value.pid !== 'number' ||
      typeof value.acquiredAt !== 'number' ||
      typeof value.expiresAt !== 'number'
    ) {
      return null;
    }
    return value as LockRecord;
  } catch {
    return null;
  }
}

/** A record is stale once expired, or at once when its owner process on this very host is gone. */
export function isRecordStale(record: LockRecord, now: number, hostname: string): boolean {
  if (now >= record.expiresAt) return true;
  return record.host === hostname && !isProcessAlive(record.pid);
}

/** The owner part of a record. */
export function recordOwner(record: LockRecord): LockOwner {
  const owner: LockOwner = { host: record.host, pid: record.pid };
  if (record.runId !== undefined) owner.runId = record.runId;
  return owner;
}
