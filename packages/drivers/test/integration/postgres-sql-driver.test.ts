import { isServiceAvailable, testDatabaseUrl, uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import pg from 'pg';
import { describe } from 'vitest';
import { SqlDriver } from '../../src/sql.js';
import { describeDriverConformance } from '../../src/testing.js';

const url = testDatabaseUrl();
const postgresUp = await isServiceAvailable('PostgreSQL', url);

describe.skipIf(!postgresUp)('SqlDriver on a real PostgreSQL', () => {
  describeDriverConformance('postgres', async () => {
    const schema = uniqueTestPrefix('drv').toLowerCase();
    const driver = new SqlDriver({ url, schema });
    await driver.connect();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    return {
      driver,
      openPeer: async () => new SqlDriver({ url, schema }),
      writeRawRun: async (record) => {
        await admin.query(
          `INSERT INTO "${schema}".legion_runs (id, task_id, payload, run_at, visible_at, pushed_at)
           VALUES ($1, $2, $3, 0, 0, 0)`,
          [`raw-${Math.random().toString(36).slice(2)}`, record.taskId ?? '', record.payload ?? null],
        );
      },
      cleanup: async () => {
        await driver.close();
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await admin.end();
      },
    };
  });
});
