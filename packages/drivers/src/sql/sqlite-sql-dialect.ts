import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { BackendUnavailableError, ConfigurationError } from '@monkeyslegion/scheduler-core';
import Database from 'better-sqlite3';
import type { FailedRun } from '../run/failed-run.js';
import type { StoredRun } from '../run/stored-run.js';
import {
  CLAIMED_COLUMNS,
  claimedRowToStoredRun,
  failedRowToFailedRun,
  type ClaimedRow,
  type FailedRow,
  type SqlDialect,
  type SqlInsert,
  type SqlStats,
} from './sql-dialect.js';
import type { SqlSchema } from './sql-schema.js';

/** Options of `SqliteSqlDialect`. */
export interface SqliteSqlDialectOptions {
  /** Absolute database file, or `:memory:`. */
  readonly file: string;
  /** Table names and migrations. */
  readonly schema: SqlSchema;
  /** How long a statement waits for another process's write lock before failing, in milliseconds. */
  readonly busyTimeoutMs: number;
  /**
   * How often `watch` checks `PRAGMA data_version` for commits by other processes, in milliseconds.
   * @default 50
   */
  readonly pollIntervalMs?: number;
}

/**
 * SQLite for `SqlDriver` (better-sqlite3, WAL, busy timeout): one file shared by every process on
 * the machine. A new database file is created owner-only (0600) in an owner-only folder (0700)
 * because pushed payloads may carry customer data.
 */
export class SqliteSqlDialect implements SqlDialect {
  /** Engine name. */
  readonly name = 'sqlite';
  private db: Database.Database | undefined;
  private poller: NodeJS.Timeout | undefined;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly options: SqliteSqlDialectOptions) {}

  /** Opens (creating file and folder if needed) and migrates. */
  async open(): Promise<void> {
    if (this.db) return;
    const { file } = this.options;
    // Switching to WAL needs an exclusive lock and SQLite may answer SQLITE_BUSY without consulting the
    // busy handler while another process opens the same file: retry the whole open within the busy timeout.
    const deadline = Date.now() + this.options.busyTimeoutMs;
    for (;;) {
      try {
        if (file !== ':memory:') createPrivateFile(file);
        const db = new Database(file, { timeout: this.options.busyTimeoutMs });
        try {
          if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
          // FULL keeps a pushed run durable across power loss, not only across process crashes.
          db.pragma('synchronous = FULL');
          this.migrate(db);
        } catch (error) {
          db.close();
          throw error;
        }
        this.db = db;
        return;
      } catch (error) {
        if (isBusy(error) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 5 + Math.floor(Math.random() * 25)));
          continue;
        }
        throw this.toBackendError(error, 'cannot be opened');
      }
    }
  }

  /** Inserts a run, or returns the id of the active run with the same dedupe key. */
  async insert(run: SqlInsert): Promise<string> {
    const db = this.database();
    const { runs } = this.options.schema;
    return this.guard(() =>
      db
        .transaction(() => {
          const now = Date.now();
          const runAt = run.runAtMs ?? now;
          const result = this
            .statement(
              `INSERT INTO ${runs} (id, task_id, payload, dedupe_key, run_at, visible_at, attempts, status, pushed_at)
               VALUES (?, ?, ?, ?, ?, ?, 0, 'pending', ?)
               ON CONFLICT (dedupe_key) WHERE status = 'pending' DO NOTHING`,
            )
            .run(run.id, run.taskId, run.payloadText, run.dedupeKey, runAt, runAt, now);
          if (result.changes === 1) return run.id;
          const existing = this.statement(`SELECT id FROM ${runs} WHERE dedupe_key = ? AND status = 'pending'`).get(run.dedupeKey) as { id: string };
          return existing.id;
        })
        .immediate(),
    );
  }

  /** Claims up to `max` visible runs in one UPDATE … RETURNING (atomic under SQLite's write lock). */
  async claim(consumer: string, max: number, visibilityMs: number): Promise<StoredRun[]> {
    const db = this.database();
    const { runs } = this.options.schema;
    const now = Date.now();
    const rows = this.guard(
      () =>
        this
          .statement(
            `UPDATE ${runs} SET claimed_by = ?, visible_at = ?, attempts = attempts + 1
             WHERE id IN (SELECT id FROM ${runs} WHERE status = 'pending' AND visible_at <= ? ORDER BY visible_at, id LIMIT ?)
             RETURNING ${CLAIMED_COLUMNS}`,
          )
          .all(consumer, now + visibilityMs, now, max) as ClaimedRow[],
    );
    return rows.map(claimedRowToStoredRun).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Moves the visibility deadline of a run `consumer` still holds. */
  async extend(id: string, consumer: string, attempts: number, visibilityMs: number): Promise<boolean> {
    return this.update(`SET visible_at = ? WHERE id = ? AND status = 'pending' AND claimed_by = ? AND attempts = ?`, Date.now() + visibilityMs, id, consumer, attempts);
  }

  /** Makes a run `consumer` still holds claimable now. */
  async release(id: string, consumer: string, attempts: number): Promise<boolean> {
    return this.update(`SET visible_at = ?, claimed_by = NULL WHERE id = ? AND status = 'pending' AND claimed_by = ? AND attempts = ?`, Date.now(), id, consumer, attempts);
  }

  /** Deletes (ack) or fails a claimed run. */
  async finish(id: string, reason: string | null): Promise<boolean> {
    const db = this.database();
    const { runs } = this.options.schema;
    if (reason === null) {
      return this.guard(() => this.statement(`DELETE FROM ${runs} WHERE id = ? AND status = 'pending' AND claimed_by IS NOT NULL`).run(id).changes === 1);
    }
    return this.update(`SET status = 'failed', failed_reason = ?, failed_at = ? WHERE id = ? AND status = 'pending' AND claimed_by IS NOT NULL`, reason, Date.now(), id);
  }

  /** Counters from the pending index plus the failed count. */
  async stats(): Promise<SqlStats> {
    const db = this.database();
    const { runs } = this.options.schema;
    const now = Date.now();
    return this.guard(() => {
      const row = this
        .statement(
          `SELECT
             COALESCE(SUM(CASE WHEN visible_at <= @now THEN 1 ELSE 0 END), 0) AS pending,
             COALESCE(SUM(CASE WHEN visible_at > @now AND claimed_by IS NULL THEN 1 ELSE 0 END), 0) AS delayed,
             COALESCE(SUM(CASE WHEN visible_at > @now AND claimed_by IS NOT NULL THEN 1 ELSE 0 END), 0) AS in_flight,
             MIN(CASE WHEN visible_at > @now THEN visible_at END) AS next_at
           FROM ${runs} WHERE status = 'pending'`,
        )
        .get({ now }) as { pending: number; delayed: number; in_flight: number; next_at: number | null };
      const failed = this.statement(`SELECT COUNT(*) AS failed FROM ${runs} WHERE status = 'failed'`).get() as { failed: number };
      return {
        pending: row.pending,
        delayed: row.delayed,
        inFlight: row.in_flight,
        failed: failed.failed,
        nextInMs: row.next_at === null ? -1 : Math.max(0, row.next_at - now),
      };
    });
  }

  /** Most recent failures, newest first. */
  async failures(limit: number): Promise<FailedRun[]> {
    const db = this.database();
    const rows = this.guard(
      () =>
        this
          .statement(`SELECT id, task_id, failed_reason, failed_at, attempts FROM ${this.options.schema.runs} WHERE status = 'failed' ORDER BY failed_at DESC, id DESC LIMIT ?`)
          .all(limit) as FailedRow[],
    );
    return rows.map(failedRowToFailedRun);
  }

  /** Polls `PRAGMA data_version`, which changes only when another connection commits. */
  async watch(onChange: () => void): Promise<void> {
    const db = this.database();
    if (this.poller) return;
    let last = db.pragma('data_version', { simple: true });
    this.poller = setInterval(() => {
      if (!db.open) return;
      const current = db.pragma('data_version', { simple: true });
      if (current !== last) {
        last = current;
        onChange();
      }
    }, this.options.pollIntervalMs ?? 50);
    this.poller.unref();
  }

  /** Stops polling and closes the database. */
  async close(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    this.poller = undefined;
    this.statements.clear();
    this.db?.close();
    this.db = undefined;
  }

  private migrate(db: Database.Database): void {
    const { version, migrations } = this.options.schema;
    // BEGIN IMMEDIATE takes the write lock first, so two processes starting at once migrate one after the other.
    db.transaction(() => {
      db.exec(`CREATE TABLE IF NOT EXISTS ${version} (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`);
      const current = (db.prepare(`SELECT COALESCE(MAX(version), 0) AS version FROM ${version}`).get() as { version: number }).version;
      if (current > migrations.length) {
        throw new ConfigurationError(`SqlDriver: database schema version ${current} is newer than this driver's ${migrations.length}; upgrade @monkeyslegion/scheduler-drivers`, {
          value: current,
        });
      }
      for (let next = current + 1; next <= migrations.length; next += 1) {
        for (const statement of migrations[next - 1] ?? []) db.exec(statement);
        db.prepare(`INSERT INTO ${version} (version, applied_at) VALUES (?, ?)`).run(next, Date.now());
      }
    }).immediate();
  }

  private update(clause: string, ...parameters: unknown[]): boolean {
    const db = this.database();
    return this.guard(() => this.statement(`UPDATE ${this.options.schema.runs} ${clause}`).run(...parameters).changes === 1);
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.database().prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private database(): Database.Database {
    if (!this.db) throw new ConfigurationError('SqlDriver: the SQLite database is not open');
    return this.db;
  }

  private guard<T>(operation: () => T): T {
    try {
      return operation();
    } catch (error) {
      throw this.toBackendError(error, 'is unavailable');
    }
  }

  private toBackendError(error: unknown, problem: string): unknown {
    if (error instanceof BackendUnavailableError || error instanceof ConfigurationError) return error;
    const code = (error as { code?: unknown }).code;
    const unavailable =
      typeof code === 'string' &&
      (/^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|READONLY|FULL|PERM|NOTADB|CORRUPT)/.test(code) || /^E[A-Z]+$/.test(code));
    if (!unavailable) return error;
    const detail = error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error);
    return new BackendUnavailableError(`SqlDriver: SQLite database ${this.options.file} ${problem}: ${detail}`, { file: this.options.file, code }, error);
  }
}

function createPrivateFile(file: string): void {
  const folder = dirname(file);
  if (!existsSync(folder)) {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    chmodSync(folder, 0o700);
  }
  try {
    closeSync(openSync(file, 'wx', 0o600));
    // The umask may have narrowed the mode further but never widened it; set it exactly anyway.
    chmodSync(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || /database is locked/i.test(error instanceof Error ? error.message : String(error));
}
