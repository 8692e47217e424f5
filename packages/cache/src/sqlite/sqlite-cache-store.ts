import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BackendUnavailableError, ConfigurationError, SchedulerError, quote, systemClock, type CacheStore, type Clock } from '@monkeyslegion/scheduler-core';
import { CacheClosedError } from '../errors/cache-closed-error.js';
import { CacheValueError } from '../errors/cache-value-error.js';
import { checkIncrement, checkKey, checkKeyList, checkPrefix, checkTtlMs } from '../values/cache-arguments.js';
import { decodeCacheValue, encodeCacheValue, encodeExpectedValue } from '../values/cache-value-codec.js';

/** Options of a `SqliteCacheStore`. */
export interface SqliteCacheStoreOptions {
  /** Database file; relative paths resolve against the current directory. Its folder is created (mode 0700) when missing. */
  file: string;
  /**
   * Namespace put in front of every key.
   * @default 'legion:'
   */
  prefix?: string;
  /**
   * Source of "now" for expiry; every process sharing the file must use the same clock.
   * @default systemClock
   */
  clock?: Clock;
  /**
   * How long a write waits for another process's write lock before failing.
   * @default 5000
   */
  busyTimeoutMs?: number;
  /**
   * Minimum time between two purges of expired rows (purges run lazily, on writes).
   * @default 60000
   */
  purgeIntervalMs?: number;
}

interface Row {
  value: string;
  expires_at: number | null;
}

const NAME = 'SqliteCacheStore';
const TABLE = 'legion_cache';

/**
 * A `CacheStore` in one SQLite file (WAL mode), safe for several processes on one host: `add` is a
 * single conditional upsert, `compareAndSwap`/`compareAndDelete` single conditional UPDATE/DELETE
 * statements and `increment` an IMMEDIATE transaction, so all of them are atomic across processes.
 *
 * @example
 * const store = new SqliteCacheStore({ file: '.legion/scheduler.db' });
 * if (await store.add('slot:2024-01-01T02:00Z', process.pid, 60_000)) runTheTask();
 */
export class SqliteCacheStore implements CacheStore {
  /** Backend name. */
  readonly name = 'sqlite';
  /** Namespace put in front of every key. */
  readonly prefix: string;
  /** Absolute path of the database file. */
  readonly file: string;
  private readonly clock: Clock;
  private readonly purgeIntervalMs: number;
  private readonly db: Database.Database;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly incrementTransaction: (fullKey: string, key: string, by: number) => number;
  private lastPurgeAt = 0;

  constructor(options: SqliteCacheStoreOptions) {
    if (!options || typeof options.file !== 'string' || options.file === '') {
      throw new ConfigurationError(`${NAME}: file ${quote(options?.file)} must be a non-empty path`, { value: options?.file });
    }
    this.prefix = checkPrefix(NAME, options.prefix);
    this.file = path.resolve(options.file);
    this.clock = options.clock ?? systemClock;
    this.purgeIntervalMs = checkMilliseconds('purgeIntervalMs', options.purgeIntervalMs, 60_000);
    this.db = openDatabase(this.file, checkMilliseconds('busyTimeoutMs', options.busyTimeoutMs, 5000));
    try {
      this.statements = prepareStatements(this.db);
    } catch (error) {
      this.db.close();
      throw new BackendUnavailableError(`${NAME}: cannot prepare ${quote(this.file)}: ${messageOf(error)}`, { file: this.file }, error);
    }
    this.incrementTransaction = this.db.transaction((fullKey: string, key: string, by: number) => {
      const row = this.statements.select.get({ key: fullKey, now: this.clock.now() }) as Row | undefined;
      const current = row === undefined ? 0 : decodeCacheValue<unknown>(NAME, key, row.value);
      const next = typeof current === 'number' ? current + by : Number.NaN;
      if (!Number.isSafeInteger(current) || !Number.isSafeInteger(next)) throw CacheValueError.notIncrementable(NAME, key, current, by);
      // An expired row counts as absent: the new value starts without a TTL, like a fresh key.
      this.statements.put.run({ key: fullKey, value: JSON.stringify(next), expiresAt: row === undefined ? null : row.expires_at });
      return next;
    }).immediate;
  }

  /** Returns the value of `key`, or `undefined` when absent or expired. */
  async get<T = unknown>(key: string): Promise<T | undefined> {
    checkKey(NAME, key);
    const row = this.run('get', () => this.statements.select.get({ key: this.prefix + key, now: this.clock.now() }) as Row | undefined);
    return row === undefined ? undefined : decodeCacheValue<T>(NAME, key, row.value);
  }

  /** Stores `value` under `key`, replacing any previous value and TTL. */
  async put(key: string, value: unknown, ttlMs?: number): Promise<void> {
    checkKey(NAME, key);
    const ttl = checkTtlMs(NAME, ttlMs);
    const text = encodeCacheValue(NAME, key, value);
    this.run('put', () => {
      this.statements.put.run({ key: this.prefix + key, value: text, expiresAt: this.expiresAt(ttl) });
      this.purgeNowAndThen();
    });
  }

  /** Stores `value` only when `key` is absent or expired (atomic across processes); `true` when this call stored it. */
  async add(key: string, value: unknown, ttlMs?: number): Promise<boolean> {
    checkKey(NAME, key);
    const ttl = checkTtlMs(NAME, ttlMs);
    const text = encodeCacheValue(NAME, key, value);
    return this.run('add', () => {
      const now = this.clock.now();
      const { changes } = this.statements.add.run({ key: this.prefix + key, value: text, expiresAt: ttl === undefined ? null : now + ttl, now });
      this.purgeNowAndThen();
      return changes === 1;
    });
  }

  /** Deletes `key`; `true` when a live entry was deleted. */
  async forget(key: string): Promise<boolean> {
    checkKey(NAME, key);
    return this.run('forget', () => {
      const row = this.statements.forget.get({ key: this.prefix + key }) as Pick<Row, 'expires_at'> | undefined;
      return row !== undefined && (row.expires_at === null || row.expires_at > this.clock.now());
    });
  }

  /** Adds `by` to the integer at `key` (absent = 0) in one IMMEDIATE transaction and returns the new value; keeps the TTL. */
  async increment(key: string, by = 1): Promise<number> {
    checkKey(NAME, key);
    checkIncrement(NAME, by);
    return this.run('increment', () => this.incrementTransaction(this.prefix + key, key, by));
  }

  /**
   * Replaces the live value of `key` with `next` (TTL `ttlMs`, or none) only while its JSON text equals `expected`'s,
   * in one conditional UPDATE (atomic across processes); `true` when it did.
   */
  async compareAndSwap(key: string, expected: unknown, next: unknown, ttlMs?: number): Promise<boolean> {
    checkKey(NAME, key);
    const ttl = checkTtlMs(NAME, ttlMs);
    const expectedText = encodeExpectedValue(NAME, key, expected);
    const nextText = encodeCacheValue(NAME, key, next);
    return this.run('compareAndSwap', () => {
      const now = this.clock.now();
      const { changes } = this.statements.compareAndSwap.run({
        key: this.prefix + key,
        expected: expectedText,
        value: nextText,
        expiresAt: ttl === undefined ? null : now + ttl,
        now,
      });
      this.purgeNowAndThen();
      return changes === 1;
    });
  }

  /** Deletes `key` only while its live value's JSON text equals `expected`'s, in one conditional DELETE; `true` when it did. */
  async compareAndDelete(key: string, expected: unknown): Promise<boolean> {
    checkKey(NAME, key);
    const expectedText = encodeExpectedValue(NAME, key, expected);
    return this.run('compareAndDelete', () => {
      const { changes } = this.statements.compareAndDelete.run({ key: this.prefix + key, expected: expectedText, now: this.clock.now() });
      return changes === 1;
    });
  }

  /** Returns the values of several keys at once, read in one transaction; absent keys map to `undefined`. */
  async many<T = unknown>(keys: readonly string[]): Promise<Map<string, T | undefined>> {
    checkKeyList(NAME, keys);
    const rows = this.run('many', () =>
      this.db.transaction(() => {
        const now = this.clock.now();
        return keys.map((key) => this.statements.select.get({ key: this.prefix + key, now }) as Row | undefined);
      })(),
    );
    const result = new Map<string, T | undefined>();
    keys.forEach((key, index) => {
      const row = rows[index];
      result.set(key, row === undefined ? undefined : decodeCacheValue<T>(NAME, key, row.value));
    });
    return result;
  }

  /** Lists the live keys (without the namespace) that start with the literal `prefix`. */
  async keys(prefix: string): Promise<string[]> {
    checkKey(NAME, prefix);
    const fullPrefix = this.prefix + prefix;
    // Compared as UTF-8 bytes: exact for every character (LIKE would read % and _ and ignore case).
    const rows = this.run('keys', () =>
      this.statements.keys.all({ prefix: fullPrefix, prefixBytes: Buffer.from(fullPrefix, 'utf8'), now: this.clock.now() }) as { key: string }[],
    );
    return rows.map((row) => row.key.slice(this.prefix.length));
  }

  /** Closes the database file; the store is unusable afterwards. */
  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private expiresAt(ttlMs: number | undefined): number | null {
    return ttlMs === undefined ? null : this.clock.now() + ttlMs;
  }

  /** Deletes expired rows at most once per `purgeIntervalMs`; reads already ignore them, this only reclaims space. */
  private purgeNowAndThen(): void {
    const now = this.clock.now();
    if (now - this.lastPurgeAt < this.purgeIntervalMs) return;
    this.lastPurgeAt = now;
    this.statements.purge.run({ now });
  }

  private run<T>(operation: string, work: () => T): T {
    if (!this.db.open) throw new CacheClosedError(NAME, operation);
    try {
      return work();
    } catch (error) {
      if (error instanceof SchedulerError) throw error;
      throw new BackendUnavailableError(`${NAME}: ${operation} on ${quote(this.file)} failed: ${messageOf(error)}`, { file: this.file, operation }, error);
    }
  }
}

function openDatabase(file: string, busyTimeoutMs: number): Database.Database {
  // Switching to WAL needs an exclusive lock and SQLite may answer SQLITE_BUSY without consulting the busy
  // handler (e.g. while another process is opening the same file), so the whole open is retried until the
  // busy timeout has passed.
  const deadline = Date.now() + busyTimeoutMs;
  for (;;) {
    let db: Database.Database | undefined;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      createOwnerOnlyFile(file);
      db = new Database(file, { timeout: busyTimeoutMs });
      // WAL lets readers proceed during a write; SQLite creates the -wal/-shm files with the database file's mode.
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER NULL)`);
      db.exec(`CREATE INDEX IF NOT EXISTS ${TABLE}_expires_at ON ${TABLE} (expires_at) WHERE expires_at IS NOT NULL`);
      return db;
    } catch (error) {
      db?.close();
      if (isBusy(error) && Date.now() < deadline) {
        pauseSync(5 + Math.floor(Math.random() * 25));
        continue;
      }
      throw new BackendUnavailableError(`${NAME}: cannot open ${quote(file)}: ${messageOf(error)}`, { file, value: file }, error);
    }
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || /database is locked/i.test(messageOf(error));
}

// The store's constructor is synchronous (better-sqlite3 is), so the retry pause blocks this thread briefly.
function pauseSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Creates the database file readable by its owner only, before SQLite would create it with the umask's mode. */
function createOwnerOnlyFile(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
  } catch (error) {
    // Another process may have created it first; that is fine.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

function prepareStatements(db: Database.Database) {
  const live = '(expires_at IS NULL OR expires_at > @now)';
  return {
    select: db.prepare(`SELECT value, expires_at FROM ${TABLE} WHERE key = @key AND ${live}`),
    put: db.prepare(
      `INSERT INTO ${TABLE} (key, value, expires_at) VALUES (@key, @value, @expiresAt)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
    ),
    // One statement takes SQLite's write lock, so two processes can never both see the key as free.
    add: db.prepare(
      `INSERT INTO ${TABLE} (key, value, expires_at) VALUES (@key, @value, @expiresAt)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
       WHERE ${TABLE}.expires_at IS NOT NULL AND ${TABLE}.expires_at <= @now`,
    ),
    forget: db.prepare(`DELETE FROM ${TABLE} WHERE key = @key RETURNING expires_at`),
    // Stored values are the codec's canonical JSON text, so text equality (BINARY collation) is value equality.
    compareAndSwap: db.prepare(
      `UPDATE ${TABLE} SET value = @value, expires_at = @expiresAt WHERE key = @key AND value = @expected AND ${live}`,
    ),
    compareAndDelete: db.prepare(`DELETE FROM ${TABLE} WHERE key = @key AND value = @expected AND ${live}`),
    keys: db.prepare(
      `SELECT key FROM ${TABLE}
       WHERE key >= @prefix AND substr(CAST(key AS BLOB), 1, length(@prefixBytes)) = @prefixBytes AND ${live}
       ORDER BY key`,
    ),
    purge: db.prepare(`DELETE FROM ${TABLE} WHERE expires_at IS NOT NULL AND expires_at <= @now`),
  };
}

function checkMilliseconds(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ConfigurationError(`${NAME}: ${option} ${quote(value)} must be a non-negative integer of milliseconds`, { value });
  }
  return value;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
