import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

/**
 * A Lua script on one key, sent by SHA (`EVALSHA`) and, when a server does not know it yet (`NOSCRIPT`),
 * by text (`EVAL`, which also caches it there). Unlike ioredis' `defineCommand`, it never adds methods
 * to a client the caller owns, and it follows a Cluster's slot routing because the key is declared in KEYS.
 */
export class RedisScript {
  /** SHA-1 of the script text, as Redis names cached scripts. */
  readonly sha: string;

  constructor(readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  /** Runs the script with `key` as KEYS[1] and `args` as ARGV. */
  async run(client: Redis | Cluster, key: string, args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, 1, key, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.includes('NOSCRIPT')) throw error;
      return client.eval(this.lua, 1, key, ...args);
    }
  }
}
