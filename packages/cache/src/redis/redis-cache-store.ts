import { Redis, type Cluster } from 'ioredis';
import { BackendUnavailableError, SchedulerError, redactSecrets, redactUrl, type CacheStore } from '@monkeyslegion/scheduler-core';
import { CacheClosedError } from '../errors/cache-closed-error.js';
import { CacheValueError } from '../errors/cache-value-error.js';
import { checkIncrement, checkKey, checkKeyList, checkPrefix, checkTtlMs } from '../values/cache-arguments.js';
import { decodeCacheValue, encodeCacheValue, encodeExpectedValue } from '../values/cache-value-codec.js';
import { COMPARE_AND_DELETE_SCRIPT, COMPARE_AND_SWAP_SCRIPT } from './compare-and-swap-scripts.js';
import { checkConnectTimeout, checkRedisUrl, checkUrlOrClient } from './check-redis-options.js';
import { escapeRedisPattern } from './escape-redis-pattern.js';
import { waitForRedis } from './wait-for-redis.js';

/** Options of a `RedisCacheStore`: give a `url` (the store owns its client) or a `client` (you own it). */
export interface RedisCacheStoreOptions {
  /**
   * `redis://` or `rediss://` URL; the store creates, owns and closes the client.
   * @default process.env.REDIS_URL, else 'redis://127.0.0.1:6379'
   */
  url?: string;
  /** An ioredis `Redis` or `Cluster` you own: the store never quits it. Mutually exclusive with `url`. */
  client?: Redis | Cluster;
  /**
   * Namespace put in front of every key.
   * @default 'legion:'
   */
  prefix?: string;
  /**
   * Upper bound for reaching a ready connection before an operation fails with `BackendUnavailableError`.
   * @default 5000
   */
  connectTimeoutMs?: number;
}

const NAME = 'RedisCacheStore';
const SCAN_COUNT = 1000;

/**
 * A `CacheStore` on Redis or Redis Cluster through ioredis: values are JSON strings, TTLs use `PX`,
 * `add` is `SET NX PX`, `increment` is `INCRBY` (which keeps the TTL) and `compareAndSwap`/`compareAndDelete`
 * are Lua scripts (GET, compare, SET/DEL). Every command touches one key, so nothing needs multi-key
 * atomicity across cluster slots.
 *
 * @example
 * const store = new RedisCacheStore({ url: 'redis://127.0.0.1:6379' });
 * await store.connect(); // optional: fails fast with BackendUnavailableError when Redis is down
 * await store.put('report:last', { at: Date.now() });
 */
export class RedisCacheStore implements CacheStore {
  /** Backend name. */
  readonly name = 'redis';
  /** Namespace put in front of every key. */
  readonly prefix: string;
  /** Where the store connects, with credentials replaced by `***`. */
  readonly target: string;
  private readonly client: Redis | Cluster;
  private readonly ownsClient: boolean;
  private readonly connectTimeoutMs: number;
  private readonly secrets: readonly string[];
  private connecting: Promise<void> | undefined;
  private isClosed = false;

  constructor(options: RedisCacheStoreOptions = {}) {
    checkUrlOrClient(NAME, options.url, options.client);
    this.prefix = checkPrefix(NAME, options.prefix);
    this.connectTimeoutMs = checkConnectTimeout(NAME, options.connectTimeoutMs);
    if (options.client !== undefined) {
      this.client = options.client;
      this.ownsClient = false;
      this.target = describeClient(options.client);
      this.secrets = [];
      return;
    }
    const url = options.url ?? (process.env.REDIS_URL || 'redis://127.0.0.1:6379');
    checkRedisUrl(NAME, url);
    this.target = redactUrl(url);
    this.secrets = [url];
    this.ownsClient = true;
    this.client = new Redis(url, {
      lazyConnect: true,
      connectTimeout: this.connectTimeoutMs,
      // Commands queued during an outage fail after a few reconnect attempts instead of waiting forever.
      maxRetriesPerRequest: 2,
      retryStrategy: (attempt: number) => Math.min(attempt * 100, 1000),
    });
    // Without a listener ioredis prints every connection error itself; ours surface in BackendUnavailableError instead.
    this.client.on('error', () => undefined);
  }

  /** Connects (when needed) and resolves once Redis is ready; rejects with `BackendUnavailableError` after `connectTimeoutMs`. */
  async connect(): Promise<void> {
    this.assertOpen('connect');
    if (this.client.status === 'ready') return;
    this.connecting ??= waitForRedis(this.client, {
      timeoutMs: this.connectTimeoutMs,
      target: this.target,
      redact: (text) => this.redact(text),
      ownsClient: this.ownsClient,
    }).finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  /** Returns the value of `key`, or `undefined` when absent or expired. */
  async get<T = unknown>(key: string): Promise<T | undefined> {
    checkKey(NAME, key);
    const text = await this.command('get', (client) => client.get(this.prefix + key));
    return text === null ? undefined : decodeCacheValue<T>(NAME, key, text);
  }

  /** Stores `value` under `key`, replacing any previous value and TTL. */
  async put(key: string, value: unknown, ttlMs?: number): Promise<void> {
    checkKey(NAME, key);
    const ttl = checkTtlMs(NAME, ttlMs);
    const text = encodeCacheValue(NAME, key, value);
    await this.command('put', (client) => (ttl === undefined ? client.set(this.prefix + key, text) : client.set(this.prefix + key, text, 'PX', ttl)));
  }

  /** Stores `value` only when `key` is absent or expired (`SET NX`); `true` when this call stored it. */
  async add(key: string, value: unknown, ttlMs?: number): Promise<boolean> {
    checkKey(NAME, key);
    const ttl = checkTtlMs(NAME, ttlMs);
    const text = encodeCacheValue(NAME, key, value);
    const reply = await this.command('add', (client) =>
      ttl === undefined ? client.set(this.prefix + key, text, 'NX') : client.set(this.prefix + key, text, 'PX', ttl, 'NX'),
    );
    return reply === 'OK';
  }

  /** Deletes `key`; `true` when something was deleted. */
  async forget(key: string): Promise<boolean> {
    checkKey(NAME, key);
    return (await this.command('forget', (client) => client.del(this.prefix + key))) > 0;
  }

  /** Adds `by` to the integer at `key` (absent = 0) with `INCRBY` and returns the new value; keeps the TTL. */
  async increment(key: string, by = 1): Promise<number> {
    checkKey(NAME, key);
    checkIncrement(NAME, by);
    const fullKey = this.prefix + key;
    const reply = await this.command('increment', (client) =>
      client.incrby(fullKey, by).catch((error: unknown) => (isNotIntegerReply(error) ? new NotIncrementable(error) : Promise.reject(error))),
    );
    if (reply instanceof NotIncrementable) {
      const text = await this.command('increment', (client) => client.get(fullKey));
      // Quote the value as the other stores do (decoded), falling back to the raw text another writer left.
      const stored = text === null ? null : decodeOrRaw(key, text);
      throw CacheValueError.notIncrementable(NAME, key, stored, by, reply.cause);
    }
    const next = Number(reply);
    if (!Number.isSafeInteger(next)) {
      // Redis counts in 64 bits, JSON numbers are exact only up to 2^53: undo our own step (sums commute).
      await this.command('increment', (client) => client.decrby(fullKey, by));
      throw CacheValueError.notIncrementable(NAME, key, next - by, by);
    }
    return next;
  }

  /**
   * Replaces the live value of `key` with `next` (TTL `ttlMs`, or none) only while its JSON text equals `expected`'s,
   * in one Lua script (atomic on the server); `true` when it did.
   */
  async compareAndSwap(key: string, expected: unknown, next: unknown, ttlMs?: number): Promise<boolean> {
    checkKey(NAME, key);
    const ttl = checkTtlMs(NAME, ttlMs);
    const expectedText = encodeExpectedValue(NAME, key, expected);
    const nextText = encodeCacheValue(NAME, key, next);
    const reply = await this.command('compareAndSwap', (client) =>
      COMPARE_AND_SWAP_SCRIPT.run(client, this.prefix + key, [expectedText, nextText, ttl === undefined ? '' : ttl]),
    );
    return reply === 1;
  }

  /** Deletes `key` only while its live value's JSON text equals `expected`'s, in one Lua script; `true` when it did. */
  async compareAndDelete(key: string, expected: unknown): Promise<boolean> {
    checkKey(NAME, key);
    const expectedText = encodeExpectedValue(NAME, key, expected);
    const reply = await this.command('compareAndDelete', (client) => COMPARE_AND_DELETE_SCRIPT.run(client, this.prefix + key, [expectedText]));
    return reply === 1;
  }

  /** Returns the values of several keys at once (one `GET` per key, pipelined); absent keys map to `undefined`. */
  async many<T = unknown>(keys: readonly string[]): Promise<Map<string, T | undefined>> {
    checkKeyList(NAME, keys);
    // Per-key GETs instead of MGET: MGET fails across cluster slots.
    const texts = await this.command('many', (client) => Promise.all(keys.map((key) => client.get(this.prefix + key))));
    const result = new Map<string, T | undefined>();
    keys.forEach((key, index) => {
      const text = texts[index];
      result.set(key, text === null || text === undefined ? undefined : decodeCacheValue<T>(NAME, key, text));
    });
    return result;
  }

  /** Lists the live keys (without the namespace) that start with the literal `prefix`, scanning every master of a cluster. */
  async keys(prefix: string): Promise<string[]> {
    checkKey(NAME, prefix);
    // A caller's client may carry ioredis' keyPrefix: it is added to keys in commands but not to SCAN patterns.
    const namespace = keyPrefixOf(this.client) + this.prefix;
    const pattern = `${escapeRedisPattern(namespace + prefix)}*`;
    const found = await this.command('keys', async (client) => {
      const nodes: Redis[] = client.isCluster ? (client as Cluster).nodes('master') : [client as Redis];
      const keys = new Set<string>();
      for (const node of nodes) {
        let cursor = '0';
        do {
          const [nextCursor, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT);
          // SCAN may return a key twice (rehashing, resharding); the set keeps one.
          for (const fullKey of batch) keys.add(fullKey.slice(namespace.length));
          cursor = nextCursor;
        } while (cursor !== '0');
      }
      return keys;
    });
    return [...found];
  }

  /** Quits the client when the store created it (a caller's client is left open); the store is unusable afterwards. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    if (!this.ownsClient) return;
    const client = this.client;
    if (client.status !== 'ready') {
      // Not connected (never was, or retrying): dropping the socket and the retry timer is all there is to release.
      client.disconnect();
      return;
    }
    // quit() resolves on the server's OK, before the socket is gone; wait (bounded) for 'end' so close() really released it.
    let timer: NodeJS.Timeout | undefined;
    const ended = new Promise<void>((resolve) => {
      client.once('end', resolve);
      timer = setTimeout(resolve, this.connectTimeoutMs);
    });
    await client.quit().catch(() => client.disconnect());
    await ended;
    clearTimeout(timer);
  }

  private async command<T>(operation: string, work: (client: Redis | Cluster) => Promise<T>): Promise<T> {
    this.assertOpen(operation);
    await this.connect();
    try {
      return await work(this.client);
    } catch (error) {
      if (error instanceof SchedulerError) throw error;
      throw new BackendUnavailableError(
        `${NAME}: ${operation} on ${this.target} failed: ${this.redact(error instanceof Error ? error.message : String(error))}`,
        { url: this.target, operation },
        error,
      );
    }
  }

  private redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  private assertOpen(operation: string): void {
    if (this.isClosed) throw new CacheClosedError(NAME, operation);
  }
}

function keyPrefixOf(client: Redis | Cluster): string {
  // Cluster copies redisOptions.keyPrefix to its own options when only the former is set.
  return client.options.keyPrefix ?? '';
}

function describeClient(client: Redis | Cluster): string {
  if (client.isCluster) return 'Redis Cluster';
  const { host, port, path } = (client as Redis).options;
  return path ? `redis+socket://${path}` : `redis://${host ?? '127.0.0.1'}:${port ?? 6379}`;
}

/** Marks an `INCRBY` the server refused because the stored value is not an integer. */
class NotIncrementable {
  constructor(readonly cause: unknown) {}
}

function decodeOrRaw(key: string, text: string): unknown {
  try {
    return decodeCacheValue(NAME, key, text);
  } catch {
    return text;
  }
}

function isNotIntegerReply(error: unknown): boolean {
  return error instanceof Error && /not an integer|out of range|overflow/i.test(error.message);
}
