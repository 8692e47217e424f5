import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import Redlock from 'redlock';
import { serveSubject } from '../measure/serve-subject.js';

/** Lock implementations compared in the locks section. */
export type LockSubjectKind = 'ours-redis' | 'ours-redis-quorum' | 'ours-file' | 'ours-sqlite-cache' | 'redlock' | 'redlock-quorum' | 'raw-set-nx';

/** Input of the lock-pairs subject. */
export interface LockPairsInput {
  kind: LockSubjectKind;
  /** Redis URLs: one for single-node kinds, three for quorum kinds. */
  redisUrls: string[];
  /** Unique key prefix of this run. */
  prefix: string;
  /** Folder for file locks and the SQLite cache. */
  dir: string;
  /** Pairs per round. */
  pairs: number;
  /** Rounds. */
  rounds: number;
  /** Untimed warm-up pairs. */
  warmup: number;
}

/** Per round: pairs per second and every pair's latency (ms). */
export interface LockPairsResult {
  rounds: { pairsPerSecond: number; latencies: number[] }[];
}

/** The smallest lock surface the loop needs; `LockProvider` fits it as is. */
interface Locker {
  acquire(key: string, ttlMs: number): Promise<{ release(): Promise<boolean> } | null>;
  close(): Promise<void>;
}

const TTL_MS = 30_000;
const RELEASE_SCRIPT = 'if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end';

// Sequential acquire + release pairs on one free key — the cost a heartbeat pays per overlap lock or
// slot claim — the same method as @monkeyslegion/scheduler-locks' own bench/lock-bench.ts.
serveSubject<LockPairsInput, LockPairsResult>(async (input) => {
  const locker = await openLocker(input);
  const key = `pair-${input.kind}`;
  try {
    await pairs(locker, key, input.warmup);
    const rounds: LockPairsResult['rounds'] = [];
    for (let round = 0; round < input.rounds; round++) {
      const begin = process.hrtime.bigint();
      const latencies = await pairs(locker, key, input.pairs);
      const elapsedMs = Number(process.hrtime.bigint() - begin) / 1e6;
      rounds.push({ pairsPerSecond: (input.pairs / elapsedMs) * 1000, latencies });
    }
    return { rounds };
  } finally {
    await locker.close();
  }
});

async function pairs(locker: Locker, key: string, count: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let pair = 0; pair < count; pair++) {
    const start = process.hrtime.bigint();
    const lease = await locker.acquire(key, TTL_MS);
    if (!lease) throw new Error(`lock-pairs: "${key}" is held by someone else`);
    if (!(await lease.release())) throw new Error(`lock-pairs: releasing "${key}" failed`);
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return latencies;
}

async function openLocker(input: LockPairsInput): Promise<Locker> {
  const prefix = `${input.prefix}:${input.kind}:`;
  switch (input.kind) {
    case 'ours-redis':
    case 'ours-redis-quorum': {
      const { RedisLockProvider } = await import('@monkeyslegion/scheduler-locks/redis');
      return input.kind === 'ours-redis' ? new RedisLockProvider({ url: input.redisUrls[0]!, prefix }) : new RedisLockProvider({ urls: input.redisUrls, prefix });
    }
    case 'ours-file': {
      const { FileLockProvider } = await import('@monkeyslegion/scheduler-locks/file');
      return new FileLockProvider({ dir: path.join(input.dir, 'file-locks') });
    }
    case 'ours-sqlite-cache': {
      const { CacheLockProvider } = await import('@monkeyslegion/scheduler-locks/cache');
      const { SqliteCacheStore } = await import('@monkeyslegion/scheduler-cache/sqlite');
      mkdirSync(input.dir, { recursive: true });
      const store = new SqliteCacheStore({ file: path.join(input.dir, 'lock-cache.db'), prefix });
      const provider = new CacheLockProvider(store);
      return {
        acquire: (key, ttlMs) => provider.acquire(key, ttlMs),
        close: async () => {
          await provider.close();
          await store.close();
        },
      };
    }
    case 'redlock':
    case 'redlock-quorum': {
      const urls = input.kind === 'redlock' ? input.redisUrls.slice(0, 1) : input.redisUrls;
      const clients = urls.map((url) => new Redis(url));
      const redlock = new Redlock(clients, { retryCount: 0 });
      return {
        acquire: async (key, ttlMs) => {
          const lock = await redlock.acquire([prefix + key], ttlMs);
          return {
            release: async () => {
              await lock.release();
              return true;
            },
          };
        },
        close: async () => {
          for (const client of clients) client.disconnect();
        },
      };
    }
    case 'raw-set-nx': {
      const client = new Redis(input.redisUrls[0]!);
      client.defineCommand('releaseIfOwner', { numberOfKeys: 1, lua: RELEASE_SCRIPT });
      const release = client as Redis & { releaseIfOwner(key: string, token: string): Promise<number> };
      return {
        acquire: async (key, ttlMs) => {
          const token = randomBytes(16).toString('hex');
          const reply = await client.set(prefix + key, token, 'PX', ttlMs, 'NX');
          if (reply !== 'OK') return null;
          return { release: async () => (await release.releaseIfOwner(prefix + key, token)) === 1 };
        },
        close: async () => {
          client.disconnect();
        },
      };
    }
  }
}
