import { BackendUnavailableError } from '@monkeyslegion/scheduler-core';
import { isServiceAvailable, testDatabaseUrl, uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { SqlDriver } from '../../src/sql.js';

const url = testDatabaseUrl();
const postgresUp = await isServiceAvailable('PostgreSQL', url);

describe('SqlDriver on PostgreSQL connection errors', () => {
  it('fails with BackendUnavailableError within the connect bound and never shows the password', async () => {
    const driver = new SqlDriver({ url: 'postgres://u:s3cret@127.0.0.1:1/x', connectTimeoutMs: 500 });
    const started = Date.now();
    const error = await driver.push({ taskId: 'x' }).catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).toMatch(/^SqlDriver: PostgreSQL at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/x is unavailable: /);
    expect((error as Error).message).not.toContain('s3cret');
    expect(JSON.stringify((error as BackendUnavailableError).context)).not.toContain('s3cret');
    await driver.close();
  });

  it('gives up on a host that never answers once connectTimeoutMs has passed', async () => {
    const driver = new SqlDriver({ url: 'postgres://u:s3cret@10.255.255.1:5432/x', connectTimeoutMs: 300 });
    const started = Date.now();
    const error = await driver.stats().catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).not.toContain('s3cret');
    await driver.close();
  });
});

describe.skipIf(!postgresUp)('SqlDriver on PostgreSQL specifics', () => {
  const schemas: string[] = [];
  const drivers: SqlDriver[] = [];

  afterEach(async () => {
    for (const driver of drivers.splice(0)) await driver.close();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    for (const schema of schemas.splice(0)) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  function open(schema: string, prefix?: string): SqlDriver {
    const driver = new SqlDriver({ url, schema, prefix });
    drivers.push(driver);
    return driver;
  }

  it('migrates once when several processes start on a new schema at the same moment', async () => {
    const schema = uniqueTestPrefix('drv').toLowerCase();
    schemas.push(schema);
    const openers = Array.from({ length: 4 }, () => open(schema, 'race_'));
    await Promise.all(openers.map((driver) => driver.connect()));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      expect((await admin.query(`SELECT version FROM "${schema}".race_schema_version`)).rows).toEqual([{ version: 1 }]);
      const tables = await admin.query(`SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename`, [schema]);
      expect(tables.rows).toEqual([{ tablename: 'race_runs' }, { tablename: 'race_schema_version' }]);
      const indexes = await admin.query(`SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = 'race_runs' ORDER BY indexname`, [schema]);
      expect(indexes.rows.map((row: { indexname: string }) => row.indexname)).toEqual(['race_runs_active_dedupe', 'race_runs_failed', 'race_runs_pkey', 'race_runs_ready']);
    } finally {
      await admin.end();
    }
  });

  it('keeps queues with different prefixes in one schema apart', async () => {
    const schema = uniqueTestPrefix('drv').toLowerCase();
    schemas.push(schema);
    const first = open(schema, 'one_');
    const second = open(schema, 'two_');
    await first.push({ taskId: 'only-in-one' });
    expect(await second.stats()).toEqual({ pending: 0, delayed: 0, inFlight: 0, failed: 0 });
    expect((await first.claim('c', 5, 10_000)).map((run) => run.taskId)).toEqual(['only-in-one']);
  });

  it('wakes a waiting driver through LISTEN/NOTIFY when another process releases a run', async () => {
    const schema = uniqueTestPrefix('drv').toLowerCase();
    schemas.push(schema);
    const waiter = open(schema);
    const worker = open(schema);
    const id = await worker.push({ taskId: 'handover' });
    await worker.claim('worker', 1, 60_000);
    const started = Date.now();
    const waiting = waiter.wait(new AbortController().signal, 20_000);
    setTimeout(() => void worker.release(id), 100);
    await waiting;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await waiter.claim('waiter', 1, 60_000)).toMatchObject([{ id, attempts: 2 }]);
  });
});
