import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import Redlock from 'redlock';

/** The part of `LockProvider` that `benchLocks` uses, for baselines that are not providers. */
export interface BenchLocker {
  /** Shown in errors. */
  readonly name: string;
  /** Takes `key` for `ttlMs`; `null` when held. */
  acquire(key: string, ttlMs: number): Promise<{ release(): Promise<boolean> } | null>;
  /** Closes the connections. */
  close(): Promise<void>;
}

const RELEASE_SCRIPT = 'if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end';

/**
 * Plain Redlock with the same settings as `RedisLockProvider` (`retryCount: 0`) and default ioredis
 * clients: one script per acquire and one per release, no owner metadata.
 *
 * @example
 * await benchLocks(rawRedlockLocker([url], 'bench:'), { pairs: 2000 });
 */
export function rawRedlockLocker(urls: readonly string[], prefix: string): BenchLocker {
  const clients = urls.map((url) => new Redis(url));
  const redlock = new Redlock(clients, { retryCount: 0 });
  return {
    name: 'raw-redlock',
    acquire: async (key, ttlMs) => {
      const lock = await redlock.acquire([prefix + key], ttlMs);
      return {
        release: async () => {
          await redlock.release(lock);
          return true;
        },
      };
    },
    close: async () => {
      await Promise.all(clients.map((client) => client.quit()));
    },
  };
}

/**
 * The floor on one server: `SET key token NX PX ttl` to acquire, a compare-and-delete Lua script
 * (EVALSHA) to release.
 *
 * @example
 * await benchLocks(rawSetNxLocker(url, 'bench:'), { pairs: 2000 });
 */
export function rawSetNxLocker(url: string, prefix: string): BenchLocker {
  const client = new Redis(url);
  const sha = client.script('LOAD', RELEASE_SCRIPT) as Promise<string>;
  return {
    name: 'raw-set-nx',
    acquire: async (key, ttlMs) => {
      const token = randomBytes(16).toString('hex');
      if ((await client.set(prefix + key, token, 'PX', ttlMs, 'NX')) !== 'OK') return null;
      return { release: async () => (await client.evalsha(await sha, 1, prefix + key, token)) === 1 };
    },
    close: async () => {
      await client.quit();
    },
  };
}
