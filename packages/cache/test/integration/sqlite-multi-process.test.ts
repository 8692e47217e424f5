import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDist, packageDir } from './build-dist.js';

const PROCESSES = 16;
const ROUNDS = 50;

type ChildMessage = { type: 'ready' } | { type: 'result'; round: number; won: boolean } | { type: 'error'; round: number; message: string };

describe('SqliteCacheStore across processes', () => {
  let folder: string;
  let children: ChildProcess[] = [];

  beforeAll(async () => {
    await buildDist();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'legion-cache-multi-'));
  }, 120_000);

  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it(`lets exactly one of ${PROCESSES} processes win add on the same key in each of ${ROUNDS} rounds, and sums their increments`, async () => {
    const file = path.join(folder, 'race.db');
    const script = path.join(packageDir, 'test/fixtures/sqlite-add-child.mjs');
    const inbox: ChildMessage[][] = [];
    const waiters: (() => void)[] = [];
    const notify = () => waiters.splice(0).forEach((wake) => wake());
    children = Array.from({ length: PROCESSES }, (_, index) => {
      inbox[index] = [];
      // execArgv: [] drops the vitest worker's flags (its `--conditions source` would resolve core to TypeScript).
      const child = fork(script, [file, 'race:'], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      child.on('message', (message: ChildMessage) => {
        inbox[index]!.push(message);
        notify();
      });
      child.on('exit', notify);
      return child;
    });
    const collect = async (predicate: (message: ChildMessage) => boolean): Promise<ChildMessage[]> => {
      for (;;) {
        const found = inbox.map((messages) => messages.find(predicate));
        if (found.every((message) => message !== undefined)) return found as ChildMessage[];
        const dead = children.find((child) => child.exitCode !== null);
        if (dead) throw new Error(`child ${dead.pid} exited early with code ${dead.exitCode}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    };

    await collect((message) => message.type === 'ready');
    const winnersPerRound: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const startAt = Date.now() + 15;
      for (const child of children) child.send({ type: 'round', round, startAt });
      const results = await collect((message) => message.type !== 'ready' && message.round === round);
      const errors = results.filter((message) => message.type === 'error');
      expect(errors, JSON.stringify(errors)).toEqual([]);
      winnersPerRound.push(results.filter((message) => message.type === 'result' && message.won).length);
    }
    for (const child of children) child.send({ type: 'stop' });
    await Promise.all(children.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)));

    expect(winnersPerRound).toEqual(Array.from({ length: ROUNDS }, () => 1));
    const { SqliteCacheStore } = await import('../../src/sqlite.js');
    const store = new SqliteCacheStore({ file, prefix: 'race:' });
    expect(await store.get('total')).toBe(PROCESSES * ROUNDS);
    expect((await store.keys('round:')).length).toBe(ROUNDS);
    await store.close();
  }, 120_000);
});
