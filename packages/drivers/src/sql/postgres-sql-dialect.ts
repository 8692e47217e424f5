import { createHash } from 'node:crypto';
import { BackendUnavailableError, ConfigurationError, redactSecrets, redactUrl } from '@monkeyslegion/scheduler-core';
import pg from 'pg';
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

/** Options of `PostgresSqlDialect`. */
export interface PostgresSqlDialectOptions {
  /** `postgres://` URL. */
  readonly url: string;
  /** Table names and migrations. */
  readonly schema: SqlSchema;
  /** PostgreSQL schema to create when missing (tables are qualified with it). */
  readonly schemaName?: string;
  /** Bound on opening a connection, in milliseconds. */
  readonly connectTimeoutMs: number;
  /** Bound on one query, in milliseconds. */
  readonly queryTimeoutMs: number;
  /** Connections in the pool. */
  readonly poolSize: number;
}

/** Database time in epoch milliseconds: every host computes deadlines from the same clock. */
const NOW_MS = '(extract(epoch FROM now()) * 1000)::bigint';

/** One lock for every scheduler migration in the database: migrations are rare and quick. */
const MIGRATION_LOCK = 'monkeyslegion-scheduler:migrate';

/**
 * PostgreSQL for `SqlDriver` (pg): claims lock rows with `FOR UPDATE SKIP LOCKED` so any number of
 * daemons on any number of hosts share one queue; pushes and releases `NOTIFY` a channel that
 * waiting daemons `LISTEN` on.
 */
export class PostgresSqlDialect implements SqlDialect {
  /** Engine name. */
  readonly name = 'postgres';
  private pool: pg.Pool | undefined;
  private listener: pg.Client | undefined;
  private listening: Promise<void> | undefined;
  private readonly channel: string;

  constructor(private readonly options: PostgresSqlDialectOptions) {
    const identity = options.schema.identity;
    // NOTIFY channels are identifiers: at most 63 bytes.
    this.channel = identity.length <= 63 ? identity : `legion_${createHash('sha1').update(identity).digest('hex').slice(0, 24)}`;
  }

  /** Creates the pool and migrates the schema under a transaction-scoped advisory lock. */
  async open(): Promise<void> {
    if (this.pool) return;
    const pool = new pg.Pool({
      connectionString: this.options.url,
      connectionTimeoutMillis: this.options.connectTimeoutMs,
      query_timeout: this.options.queryTimeoutMs,
      max: this.options.poolSize,
      application_name: 'monkeyslegion-scheduler',
    });
    // An idle client lost its connection: the pool drops it and the next query opens a new one.
    pool.on('error', () => undefined);
    try {
      await this.migrate(pool);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw this.toBackendError(error);
    }
    this.pool = pool;
  }

  /** Inserts a run and notifies listeners, or returns the id of the active run holding the dedupe key. */
  async insert(run: SqlInsert): Promise<string> {
    const { runs } = this.options.schema;
    // A conflicting run can finish between the insert and the lookup: then the insert is retried.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const inserted = await this.query<{ id: string }>(
        `WITH inserted AS (
           INSERT INTO ${runs} (id, task_id, payload, dedupe_key, run_at, visible_at, attempts, status, pushed_at)
           VALUES ($1, $2, $3, $4, COALESCE($5::bigint, ${NOW_MS}), COALESCE($5::bigint, ${NOW_MS}), 0, 'pending', ${NOW_MS})
           ON CONFLICT (dedupe_key) WHERE status = 'pending' DO NOTHING
           RETURNING id
         )
         SELECT id, pg_notify($6, 'push') FROM inserted`,
        [run.id, run.taskId, run.payloadText, run.dedupeKey, run.runAtMs, this.channel],
      );
      if (inserted.rows[0]) return inserted.rows[0].id;
      const existing = await this.query<{ id: string }>(`SELECT id FROM ${runs} WHERE dedupe_key = $1 AND status = 'pending'`, [run.dedupeKey]);
      if (existing.rows[0]) return existing.rows[0].id;
    }
    throw new BackendUnavailableError(`SqlDriver: PostgreSQL at ${redactUrl(this.options.url)} kept conflicting on dedupe key ${JSON.stringify(run.dedupeKey)}`);
  }

  /** Claims up to `max` visible runs: the subquery locks them with SKIP LOCKED, the UPDATE takes them. */
  async claim(consumer: string, max: number, visibilityMs: number): Promise<StoredRun[]> {
    const { runs } = this.options.schema;
    const result = await this.query<ClaimedRow>(
      `UPDATE ${runs} AS r SET claimed_by = $1, visible_at = ${NOW_MS} + $3::bigint, attempts = r.attempts + 1
       FROM (
         SELECT id FROM ${runs} WHERE status = 'pending' AND visible_at <= ${NOW_MS}
         ORDER BY visible_at, id LIMIT $2 FOR UPDATE SKIP LOCKED
       ) AS picked
       WHERE r.id = picked.id
       RETURNING ${CLAIMED_COLUMNS.split(', ').map((column) => `r.${column}`).join(', ')}`,
      [consumer, max, visibilityMs],
    );
    return result.rows.map(claimedRowToStoredRun).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Moves the visibility deadline of a run `consumer` still holds. */
  async extend(id: string, consumer: string, attempts: number, visibilityMs: number): Promise<boolean> {
    const result = await this.query(
      `UPDATE ${this.options.schema.runs} SET visible_at = ${NOW_MS} + $4::bigint
       WHERE id = $1 AND status = 'pending' AND claimed_by = $2 AND attempts = $3`,
      [id, consumer, attempts, visibilityMs],
    );
    return result.rowCount === 1;
  }

  /** Makes a run `consumer` still holds claimable now and notifies listeners. */
  async release(id: string, consumer: string, attempts: number): Promise<boolean> {
    const result = await this.query(
      `WITH released AS (
         UPDATE ${this.options.schema.runs} SET visible_at = ${NOW_MS}, claimed_by = NULL
         WHERE id = $1 AND status = 'pending' AND claimed_by = $2 AND attempts = $3
         RETURNING id
       )
       SELECT id, pg_notify($4, 'release') FROM released`,
      [id, consumer, attempts, this.channel],
    );
    return result.rowCount === 1;
  }

  /** Deletes (ack) or fails a claimed run. */
  async finish(id: string, reason: string | null): Promise<boolean> {
    const { runs } = this.options.schema;
    const result =
      reason === null
        ? await this.query(`DELETE FROM ${runs} WHERE id = $1 AND status = 'pending' AND claimed_by IS NOT NULL`, [id])
        : await this.query(
            `UPDATE ${runs} SET status = 'failed', failed_reason = $2, failed_at = ${NOW_MS}
             WHERE id = $1 AND status = 'pending' AND claimed_by IS NOT NULL`,
            [id, reason],
          );
    return result.rowCount === 1;
  }

  /** Counters from the partial indexes, computed against the database clock. */
  async stats(): Promise<SqlStats> {
    const { runs } = this.options.schema;
    const result = await this.query<Record<'pending' | 'delayed' | 'in_flight' | 'failed' | 'next_in', string | null>>(
      `WITH n AS (SELECT ${NOW_MS} AS ms)
       SELECT
         (SELECT COUNT(*) FROM ${runs}, n WHERE status = 'pending' AND visible_at <= n.ms) AS pending,
         (SELECT COUNT(*) FROM ${runs}, n WHERE status = 'pending' AND visible_at > n.ms AND claimed_by IS NULL) AS delayed,
         (SELECT COUNT(*) FROM ${runs}, n WHERE status = 'pending' AND visible_at > n.ms AND claimed_by IS NOT NULL) AS in_flight,
         (SELECT COUNT(*) FROM ${runs} WHERE status = 'failed') AS failed,
         (SELECT MIN(visible_at) - MIN(n.ms) FROM ${runs}, n WHERE status = 'pending' AND visible_at > n.ms) AS next_in`,
    );
    const row = result.rows[0];
    return {
      pending: Number(row?.pending ?? 0),
      delayed: Number(row?.delayed ?? 0),
      inFlight: Number(row?.in_flight ?? 0),
      failed: Number(row?.failed ?? 0),
      nextInMs: row?.next_in === null || row?.next_in === undefined ? -1 : Math.max(0, Number(row.next_in)),
    };
  }

  /** Most recent failures, newest first. */
  async failures(limit: number): Promise<FailedRun[]> {
    const result = await this.query<FailedRow>(
      `SELECT id, task_id, failed_reason, failed_at, attempts FROM ${this.options.schema.runs}
       WHERE status = 'failed' ORDER BY failed_at DESC, id DESC LIMIT $1`,
      [limit],
    );
    return result.rows.map(failedRowToFailedRun);
  }

  /** LISTENs on the queue's channel on a dedicated connection; a lost connection is re-opened by the next call. */
  async watch(onChange: () => void): Promise<void> {
    if (!this.listening) {
      const client = new pg.Client({ connectionString: this.options.url, connectionTimeoutMillis: this.options.connectTimeoutMs });
      const forget = () => {
        if (this.listener === client) {
          this.listener = undefined;
          this.listening = undefined;
        }
        client.end().catch(() => undefined);
      };
      client.on('notification', () => onChange());
      client.on('error', forget);
      client.on('end', forget);
      this.listener = client;
      this.listening = (async () => {
        await client.connect();
        await client.query(`LISTEN "${this.channel}"`);
      })().catch((error: unknown) => {
        forget();
        throw this.toBackendError(error);
      });
    }
    await this.listening;
  }

  /** Closes the listener and the pool. */
  async close(): Promise<void> {
    const listener = this.listener;
    this.listener = undefined;
    this.listening = undefined;
    const pool = this.pool;
    this.pool = undefined;
    await Promise.all([listener?.end().catch(() => undefined), pool?.end().catch(() => undefined)]);
  }

  private async migrate(pool: pg.Pool): Promise<void> {
    const { version, migrations } = this.options.schema;
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      // Serializes concurrent starts: the second process waits, then finds the schema current.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [MIGRATION_LOCK]);
      if (this.options.schemaName) await client.query(`CREATE SCHEMA IF NOT EXISTS "${this.options.schemaName}"`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${version} (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`);
      const current = Number((await client.query<{ version: number }>(`SELECT COALESCE(MAX(version), 0) AS version FROM ${version}`)).rows[0]?.version ?? 0);
      if (current > migrations.length) {
        throw new ConfigurationError(`SqlDriver: database schema version ${current} is newer than this driver's ${migrations.length}; upgrade @monkeyslegion/scheduler-drivers`, {
          value: current,
        });
      }
      for (let next = current + 1; next <= migrations.length; next += 1) {
        for (const statement of migrations[next - 1] ?? []) await client.query(statement);
        await client.query(`INSERT INTO ${version} (version, applied_at) VALUES ($1, ${NOW_MS})`, [next]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async query<Row extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<pg.QueryResult<Row>> {
    if (!this.pool) throw new ConfigurationError('SqlDriver: the PostgreSQL pool is not open');
    try {
      return await this.pool.query<Row>(text, values);
    } catch (error) {
      throw this.toBackendError(error);
    }
  }

  /**
   * Connection failures (refused, timed out, terminated, SQLSTATE classes 08/28/53/57P and a missing
   * database) become `BackendUnavailableError` with the password redacted; other server errors pass through.
   */
  private toBackendError(error: unknown): unknown {
    if (error instanceof BackendUnavailableError || error instanceof ConfigurationError) return error;
    const code = (error as { code?: unknown }).code;
    const fromServer = typeof (error as { severity?: unknown }).severity === 'string' && typeof code === 'string';
    if (fromServer && !/^(08|28|53|57P|3D000)/.test(code)) return error;
    const url = this.options.url;
    const detail = error instanceof Error ? error.message || (error as { code?: string }).code || error.name : String(error);
    return new BackendUnavailableError(
      `SqlDriver: PostgreSQL at ${redactUrl(url)} is unavailable: ${redactSecrets(String(detail), [url]).replace(/\s+/g, ' ')}`,
      { url: redactUrl(url), code },
      error,
    );
  }
}
