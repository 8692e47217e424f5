import { ConfigurationError, type Driver, type DriverStats, type PushRequest, type PushedRun } from '@monkeyslegion/scheduler-core';
import { resolvePayloadLimits, type PayloadLimits } from '../payload/payload-limits.js';
import { assertClaimArguments, assertVisibilityTimeout } from '../run/claim-arguments.js';
import { ClaimTracker } from '../run/claim-tracker.js';
import { boundReason, MALFORMED_REASON_PREFIX, type FailedRun, type FailureLog, type MalformedRun } from '../run/failed-run.js';
import { normalizePushRequest } from '../run/normalize-push-request.js';
import { newRunId } from '../run/run-id.js';
import { decodeStoredRun, storedTaskIdText } from '../run/stored-run.js';
import { WakeSignal } from '../run/wake-signal.js';
import { parseSqlUrl, type SqlTarget } from './parse-sql-url.js';
import type { SqlDialect } from './sql-dialect.js';
import { sqlSchema, type SqlSchema } from './sql-schema.js';

/** Options of `SqlDriver`. */
export interface SqlDriverOptions {
  /** `sqlite:<file>` (the embedded default) or `postgres://…`/`postgresql://…`. */
  url: string;
  /**
   * Folder a relative SQLite file is resolved against.
   * @default process.cwd()
   */
  baseDir?: string;
  /**
   * Table name prefix: tables are `<prefix>runs` and `<prefix>schema_version`.
   * @default 'legion_'
   */
  prefix?: string;
  /**
   * PostgreSQL schema holding the tables (created when missing); ignored for SQLite.
   * @default the connection's search_path
   */
  schema?: string;
  /**
   * Bound on connecting to PostgreSQL, and SQLite's busy timeout, in milliseconds.
   * @default 5000
   */
  connectTimeoutMs?: number;
  /**
   * Bound on one PostgreSQL query, in milliseconds.
   * @default 30000
   */
  queryTimeoutMs?: number;
  /**
   * PostgreSQL connections in the pool (the LISTEN connection of `wait()` comes on top).
   * @default 4
   */
  poolSize?: number;
  /**
   * Payload size and depth limits.
   * @default { maxBytes: 65536, maxDepth: 32 }
   */
  payloadLimits?: Partial<PayloadLimits>;
  /**
   * Called after a malformed stored record was claimed and failed (it is never handed to a consumer).
   * @default undefined
   */
  onMalformed?: (run: MalformedRun) => void;
}

/**
 * A `Driver` on one SQL table: SQLite for one machine (the embedded default) or PostgreSQL for many.
 * A claim sets `claimed_by`, bumps `attempts` and moves `visible_at` to the visibility deadline;
 * a run whose `visible_at` passed is claimable again, so a dead consumer's runs come back.
 *
 * @example
 * const driver = new SqlDriver({ url: 'sqlite:.legion/scheduler.db' });
 * await driver.push({ taskId: 'reports:daily', payload: { month: '2030-01' } });
 */
export class SqlDriver implements Driver, FailureLog {
  /** `sqlite` or `postgres`. */
  readonly name: 'sqlite' | 'postgres';
  private readonly target: SqlTarget;
  private readonly schema: SqlSchema;
  private readonly limits: PayloadLimits;
  private readonly claims = new ClaimTracker();
  private readonly wake = new WakeSignal();
  private dialect: SqlDialect | undefined;
  private opening: Promise<SqlDialect> | undefined;
  private closed = false;

  constructor(private readonly options: SqlDriverOptions) {
    this.target = parseSqlUrl(options.url, options.baseDir);
    this.name = this.target.kind;
    if (options.schema !== undefined && this.target.kind === 'sqlite') {
      throw new ConfigurationError('SqlDriver: the `schema` option applies to PostgreSQL only', { value: options.schema });
    }
    this.schema = sqlSchema(options.prefix ?? 'legion_', options.schema);
    this.limits = resolvePayloadLimits(options.payloadLimits);
  }

  /** Connects and migrates now (operations do it on first use anyway). */
  async connect(): Promise<void> {
    await this.open();
  }

  /** Queues a run; returns the id of the active run with the same `dedupeKey` instead when there is one. */
  async push(request: PushRequest): Promise<string> {
    const push = normalizePushRequest(request, this.limits);
    const dialect = await this.open();
    const id = await dialect.insert({ id: newRunId(), ...push });
    this.wake.notify();
    return id;
  }

  /** Claims up to `max` ready runs; malformed records among them are failed and reported, never returned. */
  async claim(consumer: string, max: number, visibilityTimeoutMs: number): Promise<PushedRun[]> {
    assertClaimArguments('SqlDriver', consumer, max, visibilityTimeoutMs);
    if (max === 0) return [];
    const dialect = await this.open();
    const records = await dialect.claim(consumer, max, Math.ceil(visibilityTimeoutMs));
    const runs: PushedRun[] = [];
    for (const record of records) {
      const decoded = decodeStoredRun(record, this.limits);
      if (decoded.run) {
        this.claims.remember(decoded.run.id, { consumer, attempts: decoded.run.attempts });
        runs.push(decoded.run);
      } else {
        await dialect.finish(record.id, boundReason(MALFORMED_REASON_PREFIX + decoded.malformed));
        this.options.onMalformed?.({ id: record.id, taskId: storedTaskIdText(record.taskId), reason: decoded.malformed });
      }
    }
    return runs;
  }

  /**
   * Moves a claimed run's visibility deadline `visibilityTimeoutMs` from now; `false` when the claim
   * was lost (re-claimed by another consumer, acked, failed, released) or was not made by this instance.
   */
  async extend(id: string, visibilityTimeoutMs: number): Promise<boolean> {
    assertVisibilityTimeout('SqlDriver', visibilityTimeoutMs);
    const claim = this.claims.get(id);
    if (!claim) return false;
    const dialect = await this.open();
    const extended = await dialect.extend(id, claim.consumer, claim.attempts, Math.ceil(visibilityTimeoutMs));
    if (!extended) this.claims.forget(id);
    return extended;
  }

  /** Deletes a claimed run (its dedupe key is free again); a no-op for unknown or finished runs. */
  async ack(id: string): Promise<void> {
    const dialect = await this.open();
    await dialect.finish(id, null);
    this.claims.forget(id);
  }

  /** Marks a claimed run failed with `reason`; failed rows stay for inspection. */
  async fail(id: string, reason: string): Promise<void> {
    const dialect = await this.open();
    await dialect.finish(id, boundReason(reason));
    this.claims.forget(id);
  }

  /** Makes a run this instance claimed claimable again at once (the next claim counts as its next attempt); a no-op otherwise. */
  async release(id: string): Promise<void> {
    const claim = this.claims.get(id);
    if (!claim) return;
    const dialect = await this.open();
    this.claims.forget(id);
    if (await dialect.release(id, claim.consumer, claim.attempts)) this.wake.notify();
  }

  /** Queue counters; runs whose visibility expired count as pending. */
  async stats(): Promise<DriverStats> {
    const { pending, delayed, inFlight, failed } = await (await this.open()).stats();
    return { pending, delayed, inFlight, failed };
  }

  /** The most recent failed runs, newest first. */
  async failures(limit = 100): Promise<FailedRun[]> {
    return (await this.open()).failures(Math.max(1, Math.floor(limit)));
  }

  /**
   * Resolves on a push or release (PostgreSQL `NOTIFY`; SQLite `data_version` polled every 50 ms),
   * when a delayed run or visibility deadline comes due, after `timeoutMs`, or on abort; at once
   * when runs are ready now.
   */
  async wait(signal: AbortSignal, timeoutMs: number): Promise<void> {
    if (signal.aborted || this.closed) return;
    const armed = this.wake.arm();
    try {
      const dialect = await this.open();
      await dialect.watch(() => this.wake.notify());
      const stats = await dialect.stats();
      if (stats.pending > 0) return;
      await armed.until(stats.nextInMs >= 0 ? Math.min(timeoutMs, stats.nextInMs) : timeoutMs, signal);
    } finally {
      armed.disarm();
    }
  }

  /** Ends pending waits and closes the database connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake.notify();
    const dialect = this.dialect ?? (await this.opening?.catch(() => undefined));
    this.dialect = undefined;
    await dialect?.close();
  }

  private async open(): Promise<SqlDialect> {
    if (this.closed) throw new ConfigurationError('SqlDriver: the driver is closed');
    if (this.dialect) return this.dialect;
    this.opening ??= this.createDialect().then(
      (dialect) => {
        this.dialect = dialect;
        return dialect;
      },
      (error: unknown) => {
        this.opening = undefined;
        throw error;
      },
    );
    return this.opening;
  }

  private async createDialect(): Promise<SqlDialect> {
    const connectTimeoutMs = this.options.connectTimeoutMs ?? 5000;
    let dialect: SqlDialect;
    // Each engine's client library is loaded only when a driver for it is opened.
    if (this.target.kind === 'sqlite') {
      const { SqliteSqlDialect } = await import('./sqlite-sql-dialect.js');
      dialect = new SqliteSqlDialect({ file: this.target.file, schema: this.schema, busyTimeoutMs: connectTimeoutMs });
    } else {
      const { PostgresSqlDialect } = await import('./postgres-sql-dialect.js');
      dialect = new PostgresSqlDialect({
        url: this.target.url,
        schema: this.schema,
        schemaName: this.options.schema,
        connectTimeoutMs,
        queryTimeoutMs: this.options.queryTimeoutMs ?? 30_000,
        poolSize: this.options.poolSize ?? 4,
      });
    }
    await dialect.open();
    return dialect;
  }
}
