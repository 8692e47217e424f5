import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BackendUnavailableError, ConfigurationError } from '@monkeyslegion/scheduler-core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MalformedRun } from '../../src/index.js';
import { SqlDriver } from '../../src/sql.js';

const packageDir = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

describe('SqlDriver on SQLite specifics', () => {
  let folder: string;
  const drivers: SqlDriver[] = [];

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'legion-sqlite-specifics-'));
  });

  afterEach(async () => {
    for (const driver of drivers.splice(0)) await driver.close();
    await rm(folder, { recursive: true, force: true });
  });

  function open(file = 'data/queue.db', options: Partial<ConstructorParameters<typeof SqlDriver>[0]> = {}): SqlDriver {
    const driver = new SqlDriver({ url: `sqlite:${file}`, baseDir: folder, ...options });
    drivers.push(driver);
    return driver;
  }

  it('creates the database owner-only in an owner-only folder, WAL files included', async () => {
    const driver = open('private/nested/queue.db');
    await driver.push({ taskId: 'secret', payload: { card: '4111' } });
    const file = join(folder, 'private/nested/queue.db');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(folder, 'private/nested')).mode & 0o777).toBe(0o700);
    expect(statSync(join(folder, 'private')).mode & 0o777).toBe(0o700);
    for (const companion of [`${file}-wal`, `${file}-shm`]) {
      expect(existsSync(companion)).toBe(true);
      expect(statSync(companion).mode & 0o077).toBe(0);
    }
  });

  it('uses WAL journaling and the busy timeout it was given', async () => {
    const driver = open('queue.db', { connectTimeoutMs: 1234 });
    await driver.connect();
    const db = new Database(join(folder, 'queue.db'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('records the schema version once, even when several drivers open a new file at the same moment', async () => {
    const openers = Array.from({ length: 4 }, () => open('shared.db', { prefix: 'race_' }));
    await Promise.all(openers.map((driver) => driver.connect()));
    const db = new Database(join(folder, 'shared.db'), { readonly: true });
    expect(db.prepare('SELECT version FROM race_schema_version').all()).toEqual([{ version: 1 }]);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'race_%' ORDER BY name`).all()).toEqual([
      { name: 'race_runs' },
      { name: 'race_schema_version' },
    ]);
    db.close();
    await openers[0]!.push({ taskId: 'after-race' });
    expect(await openers[3]!.stats()).toMatchObject({ pending: 1 });
  });

  it('migrates once when several processes open a new file at the same moment', async () => {
    const url = `sqlite:${join(folder, 'processes.db')}`;
    // Children need a couple of seconds to start; they all begin at one agreed instant.
    const startAt = Date.now() + 3000;
    const children = Array.from({ length: 4 }, () =>
      run(process.execPath, ['--import', './test/support/register-typescript.mjs', './test/support/open-sql-driver.ts', url, 'multi_', String(startAt)], {
        cwd: packageDir,
        timeout: 60_000,
      }),
    );
    const outputs = await Promise.all(children);
    expect(outputs.map((output) => output.stdout)).toEqual(['ok\n', 'ok\n', 'ok\n', 'ok\n']);
    const db = new Database(join(folder, 'processes.db'), { readonly: true });
    expect(db.prepare('SELECT version FROM multi_schema_version').all()).toEqual([{ version: 1 }]);
    expect(db.prepare('SELECT COUNT(*) AS runs FROM multi_runs').get()).toEqual({ runs: 4 });
    db.close();
  }, 60_000);

  it('refuses a database whose schema is newer than the driver', async () => {
    await open('newer.db').connect();
    const db = new Database(join(folder, 'newer.db'));
    db.prepare('INSERT INTO legion_schema_version (version, applied_at) VALUES (99, 0)').run();
    db.close();
    const error = await open('newer.db').push({ taskId: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe("SqlDriver: database schema version 99 is newer than this driver's 1; upgrade @monkeyslegion/scheduler-drivers");
  });

  it('reports a file it cannot open as BackendUnavailableError naming the file', async () => {
    await writeFile(join(folder, 'not-a-folder'), 'plain file');
    const error = await open('not-a-folder/queue.db').push({ taskId: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).toContain(`SqlDriver: SQLite database ${join(folder, 'not-a-folder/queue.db')} cannot be opened`);
  });

  it('keeps the run order of pushes', async () => {
    const driver = open();
    const ids: string[] = [];
    for (let index = 0; index < 20; index += 1) ids.push(await driver.push({ taskId: 'ordered', payload: index }));
    const runs = await driver.claim('c', 20, 10_000);
    expect(runs.map((run) => run.payload)).toEqual(Array.from({ length: 20 }, (_, index) => index));
  });

  it('reports a malformed row to onMalformed after failing it', async () => {
    const reported: MalformedRun[] = [];
    const driver = open('queue.db', { onMalformed: (run) => reported.push(run) });
    await driver.connect();
    const db = new Database(join(folder, 'queue.db'));
    db.prepare(`INSERT INTO legion_runs (id, task_id, payload, run_at, visible_at, pushed_at) VALUES ('hand', 'sync', '{bad', 0, 0, 0)`).run();
    db.close();
    expect(await driver.claim('c', 5, 10_000)).toEqual([]);
    expect(reported).toEqual([{ id: 'hand', taskId: 'sync', reason: expect.stringContaining('stored payload is not valid JSON') }]);
    expect((await driver.failures())[0]).toMatchObject({ id: 'hand', taskId: 'sync', attempts: 1 });
  });

  it('rejects the PostgreSQL-only schema option and refuses work once closed', async () => {
    expect(() => new SqlDriver({ url: 'sqlite:q.db', schema: 'jobs' })).toThrow('SqlDriver: the `schema` option applies to PostgreSQL only');
    const driver = open();
    await driver.close();
    await expect(driver.push({ taskId: 'late' })).rejects.toThrow('SqlDriver: the driver is closed');
  });
});
