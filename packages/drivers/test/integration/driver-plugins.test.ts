import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Application, ConfigurationError, DRIVER, type ApplicationOptions } from '@monkeyslegion/scheduler-core';
import { isServiceAvailable, testDatabaseUrl, testRedisUrl, uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { redisDriver, sqlDriver } from '../../src/index.js';
import { redisDriverKeys } from '../../src/redis.js';

const redisUp = await isServiceAvailable('Redis', testRedisUrl());
const postgresUp = await isServiceAvailable('PostgreSQL', testDatabaseUrl());

type Logger = NonNullable<ApplicationOptions['logger']>;

/** A logger that remembers warnings, so the test can see what the plugin reported. */
function recordingLogger(warnings: unknown[][]): Logger {
  const logger = {
    warn: (...args: unknown[]) => warnings.push(args),
    info: () => undefined,
    debug: () => undefined,
    error: () => undefined,
    trace: () => undefined,
    fatal: () => undefined,
    child: () => logger,
  };
  return logger as unknown as Logger;
}

describe('plugin factories', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'legion-driver-plugins-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reject a SQL url that is neither sqlite: nor postgres:// when the config is written, password redacted', () => {
    expect(() => sqlDriver({ url: 'mysql://root:s3cret@db/app' })).toThrow(ConfigurationError);
    expect(() => sqlDriver({ url: 'mysql://root:s3cret@db/app' })).toThrow('SqlDriver: url "mysql://root:***@db/app" is not supported');
  });

  it('reject a Redis plugin without exactly one of url and client, or with a non-redis url', () => {
    expect(() => redisDriver({})).toThrow('redisDriver: give exactly one of `url` or `client`');
    expect(() => redisDriver({ url: 'http://:s3cret@host' })).toThrow('redisDriver: url "http://:***@host/" must start with redis:// or rediss://');
  });

  it('provide a SQLite driver whose file is relative to the config folder and whose tables carry the config prefix', async () => {
    const warnings: unknown[][] = [];
    const app = await Application.boot(
      { prefix: 'my-app', plugins: [sqlDriver({ url: 'sqlite:data/queue.db' })] },
      { baseDir: folder, skipTasks: true, logger: recordingLogger(warnings) },
    );
    const driver = app.resolve(DRIVER);
    expect(driver.name).toBe('sqlite');
    await driver.push({ taskId: 'hello', payload: { n: 1 } });
    expect(existsSync(join(folder, 'data/queue.db'))).toBe(true);
    const db = new Database(join(folder, 'data/queue.db'));
    expect(db.prepare('SELECT task_id FROM my_app_runs').all()).toEqual([{ task_id: 'hello' }]);
    db.prepare(`INSERT INTO my_app_runs (id, task_id, payload, run_at, visible_at, pushed_at) VALUES ('hand', '', '1', 0, 0, 0)`).run();
    db.close();
    const runs = await driver.claim('c', 10, 10_000);
    expect(runs.map((run) => run.taskId)).toEqual(['hello']);
    expect(warnings).toEqual([[{ runId: 'hand', taskId: '', reason: 'task id is missing' }, 'malformed pushed run failed']]);
    await app.shutdown();
    await expect(driver.push({ taskId: 'after' })).rejects.toThrow('SqlDriver: the driver is closed');
  });

  it.skipIf(!postgresUp)('provide a PostgreSQL driver for a postgresql:// url', async () => {
    const schema = uniqueTestPrefix('plug').toLowerCase();
    const url = testDatabaseUrl().replace(/^postgres:/, 'postgresql:');
    const app = await Application.boot({ plugins: [sqlDriver({ url, schema })] }, { baseDir: folder, skipTasks: true });
    try {
      const driver = app.resolve(DRIVER);
      expect(driver.name).toBe('postgres');
      await driver.push({ taskId: 'pg' });
      expect(await driver.stats()).toMatchObject({ pending: 1 });
    } finally {
      await app.shutdown();
      const admin = new pg.Client({ connectionString: testDatabaseUrl() });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    }
  });

  it.skipIf(!redisUp)('provide a Redis driver whose keys carry the config prefix and close it on shutdown', async () => {
    const prefix = uniqueTestPrefix('plug');
    const admin = new Redis(testRedisUrl());
    const app = await Application.boot({ prefix, plugins: [redisDriver({ url: testRedisUrl() })] }, { baseDir: folder, skipTasks: true });
    const driver = app.resolve(DRIVER);
    try {
      expect(driver.name).toBe('redis');
      await driver.push({ taskId: 'redis' });
      const keys = redisDriverKeys(`${prefix}:`);
      expect(keys.stream).toBe(`{${prefix}:driver}:stream`);
      expect(await admin.xlen(keys.stream)).toBe(1);
    } finally {
      await app.shutdown();
      await admin.del(...redisDriverKeys(`${prefix}:`).all);
      await admin.quit();
    }
    await expect(driver.push({ taskId: 'after' })).rejects.toThrow('RedisDriver: the driver is closed');
  });

  it.skipIf(!redisUp)('leave a caller-owned Redis client open on shutdown', async () => {
    const prefix = uniqueTestPrefix('plug');
    const client = new Redis(testRedisUrl());
    const app = await Application.boot({ prefix, plugins: [redisDriver({ client })] }, { baseDir: folder, skipTasks: true });
    await app.resolve(DRIVER).push({ taskId: 'owned' });
    await app.shutdown();
    expect(await client.ping()).toBe('PONG');
    await client.del(...redisDriverKeys(`${prefix}:`).all);
    await client.quit();
  });
});
