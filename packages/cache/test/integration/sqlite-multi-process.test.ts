import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SqliteCacheStore } from '../../src/sqlite.js';
import { buildDist, packageDir } from './build-dist.js';
import { forkChildPool, type ChildPool } from './child-pool.js';

const PROCESSES = 16;
const ROUNDS = 50;
const SWAP_ROUNDS = 40;
const DELETE_ROUNDS = 10;

type ChildMessage = { type: 'ready' } | { type: 'result'; round: number; won: boolean } | { type: 'error'; round: number; message: string };

/** Runs one round: every child starts its call at the same instant; returns how many of them won. */
async function race(pool: ChildPool<ChildMessage>, round: number, message: object): Promise<{ winners: number[] }> {
  // Starting on a shared instant, not on message arrival, makes the 16 calls overlap.
  pool.broadcast({ type: 'round', round, startAt: Date.now() + 15, ...message });
  const results = await pool.collect((reply) => reply.type !== 'ready' && reply.round === round);
  const errors = results.filter((reply) => reply.type === 'error');
  expect(errors, JSON.stringify(errors)).toEqual([]);
  return { winners: results.flatMap((reply, index) => (reply.type === 'result' && reply.won ? [pool.children[index]!.pid!] : [])) };
}

describe('SqliteCacheStore across processes', () => {
  let folder: string | undefined;
  let pool: ChildPool<ChildMessage> | undefined;

  beforeAll(async () => {
    await buildDist();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'legion-cache-multi-'));
  }, 120_000);

  afterEach(() => {
    pool?.kill();
    pool = undefined;
  });

  afterAll(() => {
    // beforeAll may have failed (a broken build) before creating the folder.
    if (folder !== undefined) fs.rmSync(folder, { recursive: true, force: true });
  });

  it(`opens one new database file from ${PROCESSES} processes at the same instant without "database is locked"`, async () => {
    pool = forkChildPool<ChildMessage>(path.join(packageDir, 'test/fixtures/sqlite-open-child.mjs'), [], PROCESSES);
    await pool.collect((message) => message.type === 'ready');
    for (let round = 0; round < 8; round++) {
      const file = path.join(folder!, `open-${round}.db`);
      const { winners } = await race(pool, round, { file });
      expect(winners).toHaveLength(PROCESSES);
      const store = new SqliteCacheStore({ file, prefix: 'open:' });
      expect(await store.keys('pid:')).toHaveLength(PROCESSES);
      await store.close();
    }
    await pool.stop();
  }, 120_000);

  it(`lets exactly one of ${PROCESSES} processes win add on the same key in each of ${ROUNDS} rounds, and sums their increments`, async () => {
    const file = path.join(folder!, 'race.db');
    pool = forkChildPool<ChildMessage>(path.join(packageDir, 'test/fixtures/sqlite-add-child.mjs'), [file, 'race:'], PROCESSES);
    await pool.collect((message) => message.type === 'ready');
    const winnersPerRound: number[] = [];
    for (let round = 0; round < ROUNDS; round++) winnersPerRound.push((await race(pool, round, {})).winners.length);
    await pool.stop();

    expect(winnersPerRound).toEqual(Array.from({ length: ROUNDS }, () => 1));
    const store = new SqliteCacheStore({ file, prefix: 'race:' });
    expect(await store.get('total')).toBe(PROCESSES * ROUNDS);
    expect((await store.keys('round:')).length).toBe(ROUNDS);
    await store.close();
  }, 120_000);

  it(`lets exactly one of ${PROCESSES} processes win compareAndSwap on one key in each of ${SWAP_ROUNDS} rounds, and compareAndDelete in ${DELETE_ROUNDS} more`, async () => {
    const file = path.join(folder!, 'cas.db');
    const store = new SqliteCacheStore({ file, prefix: 'cas:' });
    pool = forkChildPool<ChildMessage>(path.join(packageDir, 'test/fixtures/sqlite-cas-child.mjs'), [file, 'cas:'], PROCESSES);
    await pool.collect((message) => message.type === 'ready');

    // Each round swaps from the value the previous round's winner wrote, so a lost update would show as two winners.
    await store.put('versioned', { round: -1, pid: null }, 60_000);
    const swapWinners: number[][] = [];
    for (let round = 0; round < SWAP_ROUNDS; round++) {
      const expected = await store.get('versioned');
      const { winners } = await race(pool, round, { operation: 'swap', expected });
      swapWinners.push(winners);
      expect(await store.get('versioned'), `round ${round}`).toEqual({ round, pid: winners[0] });
    }
    const deleteWinners: number[][] = [];
    for (let round = SWAP_ROUNDS; round < SWAP_ROUNDS + DELETE_ROUNDS; round++) {
      const held = { round, owner: 'parent' };
      await store.put('held', held, 60_000);
      deleteWinners.push((await race(pool, round, { operation: 'delete', expected: held })).winners);
      expect(await store.get('held'), `round ${round}`).toBeUndefined();
    }
    await pool.stop();
    await store.close();

    expect(swapWinners.map((winners) => winners.length)).toEqual(Array.from({ length: SWAP_ROUNDS }, () => 1));
    expect(deleteWinners.map((winners) => winners.length)).toEqual(Array.from({ length: DELETE_ROUNDS }, () => 1));
  }, 120_000);
});
