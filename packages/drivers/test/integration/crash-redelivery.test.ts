import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Driver } from '@monkeyslegion/scheduler-core';
import { isServiceAvailable, testDatabaseUrl, testRedisUrl, uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { RedisDriver, redisDriverKeys } from '../../src/redis.js';
import { SqlDriver } from '../../src/sql.js';

const packageDir = fileURLToPath(new URL('../../', import.meta.url));
const redisUp = await isServiceAvailable('Redis', testRedisUrl());
const postgresUp = await isServiceAvailable('PostgreSQL', testDatabaseUrl());

const CLAIMED = 20;
const PUSHED = 30;
const VISIBILITY_MS = 3000;

interface Backend {
  driver: Driver;
  spec: Record<string, string>;
  cleanup(): Promise<void>;
}

/** Spawns a consumer that claims `CLAIMED` runs, reads their ids, then SIGKILLs it before it can ack. */
async function claimInDoomedChild(spec: Record<string, string>): Promise<string[]> {
  const child = spawn(
    process.execPath,
    ['--import', './test/support/register-typescript.mjs', './test/support/claim-and-hang.ts', JSON.stringify(spec), String(CLAIMED), String(VISIBILITY_MS)],
    { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0] ?? '');
    });
    child.once('exit', () => reject(new Error(`child exited before claiming: ${stderr}`)));
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return JSON.parse(line) as string[];
}

async function drain(driver: Driver, expected: number, deadlineMs: number): Promise<{ id: string; attempts: number }[]> {
  const runs: { id: string; attempts: number }[] = [];
  const deadline = Date.now() + deadlineMs;
  while (runs.length < expected && Date.now() < deadline) {
    const claimed = await driver.claim('survivor', 100, 60_000);
    for (const run of claimed) {
      runs.push({ id: run.id, attempts: run.attempts });
      await driver.ack(run.id);
    }
    if (claimed.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return runs;
}

function crashTest(name: string, open: () => Promise<Backend>) {
  it(`re-delivers exactly the runs a SIGKILLed ${name} consumer held once their visibility timeout passes`, async () => {
    const { driver, spec, cleanup } = await open();
    try {
      const pushed: string[] = [];
      for (let index = 0; index < PUSHED; index += 1) pushed.push(await driver.push({ taskId: 'crash:task', payload: { index } }));
      const held = await claimInDoomedChild(spec);
      expect(held).toHaveLength(CLAIMED);

      // Within the visibility timeout the survivor gets only the runs nobody held.
      const free = await driver.claim('survivor', 100, 60_000);
      expect(free.map((run) => run.id).sort()).toEqual(pushed.filter((id) => !held.includes(id)).sort());
      for (const run of free) await driver.ack(run.id);
      expect(await driver.stats()).toMatchObject({ inFlight: CLAIMED, pending: 0 });

      const redelivered = await drain(driver, CLAIMED, VISIBILITY_MS * 5);
      expect(redelivered.map((run) => run.id).sort()).toEqual([...held].sort());
      expect(redelivered.every((run) => run.attempts === 2)).toBe(true);
      expect(await driver.stats()).toEqual({ pending: 0, delayed: 0, inFlight: 0, failed: 0 });
    } finally {
      await cleanup();
    }
  }, 60_000);
}

describe('crash re-delivery at the driver level', () => {
  describe.skipIf(!redisUp)('Redis', () => {
    crashTest('Redis', async () => {
      const url = testRedisUrl();
      const prefix = `${uniqueTestPrefix('crash')}:`;
      const driver = new RedisDriver({ url, prefix });
      return {
        driver,
        spec: { kind: 'redis', url, prefix },
        cleanup: async () => {
          await driver.close();
          const admin = new Redis(url);
          await admin.del(...redisDriverKeys(prefix).all);
          await admin.quit();
        },
      };
    });
  });

  describe('SQLite', () => {
    crashTest('SQLite', async () => {
      const folder = await mkdtemp(join(tmpdir(), 'legion-crash-'));
      const url = `sqlite:${join(folder, 'queue.db')}`;
      const driver = new SqlDriver({ url });
      return {
        driver,
        spec: { kind: 'sql', url },
        cleanup: async () => {
          await driver.close();
          await rm(folder, { recursive: true, force: true });
        },
      };
    });
  });

  describe.skipIf(!postgresUp)('PostgreSQL', () => {
    crashTest('PostgreSQL', async () => {
      const url = testDatabaseUrl();
      const schema = uniqueTestPrefix('crash').toLowerCase();
      const driver = new SqlDriver({ url, schema });
      return {
        driver,
        spec: { kind: 'sql', url, schema },
        cleanup: async () => {
          await driver.close();
          const admin = new pg.Client({ connectionString: url });
          await admin.connect();
          await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await admin.end();
        },
      };
    });
  });
});
