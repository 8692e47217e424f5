import type { DriverStats } from '@monkeyslegion/scheduler-core';
import type { FailedRun } from '../run/failed-run.js';
import type { StoredRun } from '../run/stored-run.js';

/** A validated run to insert. */
export interface SqlInsert {
  /** New run id. */
  readonly id: string;
  /** Task id. */
  readonly taskId: string;
  /** Payload JSON text or `null`. */
  readonly payloadText: string | null;
  /** Earliest run time in epoch ms, `null` for the database's "now". */
  readonly runAtMs: number | null;
  /** Dedupe key or `null`. */
  readonly dedupeKey: string | null;
}

/** Queue counters plus the time until the next delayed run or visibility deadline (-1 when none). */
export interface SqlStats extends DriverStats {
  /** Milliseconds until something becomes claimable, -1 when nothing is scheduled. */
  readonly nextInMs: number;
}

/**
 * What `SqlDriver` needs from a database: one implementation per engine, each owning its connections
 * and SQL. Claims are atomic per statement; consumers are identified by name and attempt count.
 */
export interface SqlDialect {
  /** `sqlite` or `postgres`. */
  readonly name: string;
  /** Connects and migrates the schema; throws `BackendUnavailableError` when unreachable. */
  open(): Promise<void>;
  /** Inserts a run, or returns the id of the active run holding its dedupe key. */
  insert(run: SqlInsert): Promise<string>;
  /** Claims up to `max` runs whose `visible_at` passed. */
  claim(consumer: string, max: number, visibilityMs: number): Promise<StoredRun[]>;
  /** Moves the deadline of a run still held by `consumer` at `attempts`; `false` otherwise. */
  extend(id: string, consumer: string, attempts: number, visibilityMs: number): Promise<boolean>;
  /** Makes a run still held by `consumer` at `attempts` claimable now; `false` otherwise. */
  release(id: string, consumer: string, attempts: number): Promise<boolean>;
  /** Deletes (ack, `reason` null) or fails a claimed run; `false` when it was not claimed. */
  finish(id: string, reason: string | null): Promise<boolean>;
  /** Current counters. */
  stats(): Promise<SqlStats>;
  /** Most recent failures, newest first. */
  failures(limit: number): Promise<FailedRun[]>;
  /** Starts reporting changes by other connections (NOTIFY, data_version) to `onChange`. */
  watch(onChange: () => void): Promise<void>;
  /** Closes every connection. */
  close(): Promise<void>;
}

/** Columns every dialect selects for a claimed run. */
export const CLAIMED_COLUMNS = 'id, task_id, payload, run_at, pushed_at, attempts, dedupe_key';

/** A claimed row as drivers read it (PostgreSQL returns BIGINT as text). */
export interface ClaimedRow {
  id: string;
  task_id: string | null;
  payload: string | null;
  run_at: number | string | null;
  pushed_at: number | string | null;
  attempts: number | string;
  dedupe_key: string | null;
}

/** Converts a claimed row into a `StoredRun`. */
export function claimedRowToStoredRun(row: ClaimedRow): StoredRun {
  return {
    id: row.id,
    taskId: row.task_id,
    payload: row.payload,
    runAtMs: row.run_at === null ? null : Number(row.run_at),
    pushedAtMs: row.pushed_at === null ? null : Number(row.pushed_at),
    attempts: Number(row.attempts),
    dedupeKey: row.dedupe_key,
  };
}

/** A failed row as drivers read it. */
export interface FailedRow {
  id: string;
  task_id: string;
  failed_reason: string | null;
  failed_at: number | string | null;
  attempts: number | string;
}

/** Converts a failed row into a `FailedRun`. */
export function failedRowToFailedRun(row: FailedRow): FailedRun {
  return {
    id: row.id,
    taskId: row.task_id,
    reason: row.failed_reason ?? '',
    failedAt: new Date(Number(row.failed_at ?? 0)),
    attempts: Number(row.attempts),
  };
}
