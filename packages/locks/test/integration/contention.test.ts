import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isServiceAvailable, testRedisUrl, uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import { RacerPool } from './racer-pool.js';

const PROCESSES = 16;
const ROUNDS = 50;
const redisUp = await isServiceAvailable('Redis', testRedisUrl());

// One pool of 16 processes serves all three providers: loading the sources costs ~1 s of CPU per process.
describe('16 processes racing for one key, 50 rounds', () => {
  let pool: RacerPool;
  let root: string;

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'legion-contention-'));
    pool = await RacerPool.start(PROCESSES);
  }, 120_000);

  afterAll(async () => {
    await pool?.ask(pool.children, { type: 'close' }, 'closed').catch(() => undefined);
    await pool?.stop();
    await fs.rm(root, { recursive: true, force: true });
  });

  async function race(key: string): Promise<void> {
    for (let round = 0; round < ROUNDS; round += 1) {
      const answers = await pool.ask(pool.children, { type: 'go', key, ttlMs: 30_000, round, at: Date.now() + 15 }, 'answer');
      const winners = answers.flatMap((answer, index) => (answer.won ? [index] : []));
      expect(winners, `round ${round}`).toHaveLength(1);
      // The winner releases only after every answer is in, so nobody could have raced a released lock.
      const [released] = await pool.ask([pool.children[winners[0]!]!], { type: 'release', round }, 'released');
      expect(released!.released, `round ${round} release`).toBe(true);
    }
  }

  it('the file provider grants exactly one winner per round', async () => {
    await pool.open('file', { dir: path.join(root, 'locks') });
    await race('contended:file');
  }, 120_000);

  it('the SQLite cache provider grants exactly one winner per round', async () => {
    await pool.open('sqlite-cache', { file: path.join(root, 'cache.db') });
    await race('contended:sqlite');
  }, 120_000);

  it.skipIf(!redisUp)('the Redis provider grants exactly one winner per round', async () => {
    const prefix = `${uniqueTestPrefix('contention')}:lock:`;
    await pool.open('redis', { url: testRedisUrl(), prefix });
    try {
      await race('contended:redis');
    } finally {
      const admin = new Redis(testRedisUrl());
      const keys = await admin.keys(`${prefix.slice(0, -1)}*`);
      if (keys.length > 0) await admin.del(...keys);
      await admin.quit();
    }
  }, 120_000);
});
