import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe } from 'vitest';
import { SqlDriver } from '../../src/sql.js';
import { describeDriverConformance } from '../../src/testing.js';

describe('SqlDriver on a SQLite file', () => {
  describeDriverConformance('sqlite', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'legion-sqlite-driver-'));
    const url = `sqlite:${join(folder, 'queue.db')}`;
    const driver = new SqlDriver({ url, prefix: 'conf_' });
    await driver.connect();
    return {
      driver,
      openPeer: async () => new SqlDriver({ url, prefix: 'conf_' }),
      writeRawRun: async (record) => {
        const db = new Database(join(folder, 'queue.db'));
        const now = Date.now();
        db.prepare(
          `INSERT INTO conf_runs (id, task_id, payload, run_at, visible_at, pushed_at) VALUES (?, ?, ?, ?, ?, ?)`,
        ).run(`raw-${Math.random().toString(36).slice(2)}`, record.taskId ?? '', record.payload ?? null, now, now, now);
        db.close();
      },
      cleanup: async () => {
        await driver.close();
        await rm(folder, { recursive: true, force: true });
      },
    };
  });
});
