import type { Redis } from 'ioredis';
import Redlock, { ExecutionError, ResourceLockedError, type Lock } from 'redlock';
import {
  BackendUnavailableError,
  ConfigurationError,
  SchedulerError,
  quote,
  type HeldLock,
  type Lease,
  type LockOwner,
  type LockProvider,
} from '@monkeyslegion/scheduler-core';
import { assertLockArguments, assertTtl } from '../lease/assert-lock-arguments.js';
import { OwnedLease } from '../lease/owned-lease.js';
import { randomToken } from '../lease/random-token.js';
import { resolveOwner } from '../lease/resolve-owner.js';
import { escapeGlob } from './escape-glob.js';
import { decodeLockValue, encodeLockValue } from './lock-value.js';
import { OperationDeadlines } from './operation-deadlines.js';
import { PresetValueRedlock } from './preset-value-redlock.js';
import { readLockValues, type NodeLockValue } from './read-lock-values.js';
import { closeNode, connectNode, createClientNode, createUrlNode, redactNodeMessage, type RedisNode } from './redis-node.js';

/** Options of `RedisLockProvider`: exactly one of `url`, `urls` or `client`. */
export interface RedisLockProviderOptions {
  /** One Redis server, e.g. `redis://:password@host:6379/0`. */
  url?: string;
  /** Several independent Redis servers (not replicas of one another); a lock needs a quorum of N/2+1. */
  urls?: readonly string[];
  /** A caller-owned standalone client; connected if needed, never closed by the provider. */
  client?: Redis;
  /**
   * Namespace of every lock key.
   * @default 'legion:lock:'
   */
  prefix?: string;
  /**
   * Upper bound for connecting and for each operation (on each server) before `BackendUnavailableError`;
   * it applies to caller-owned clients too.
   * @default 5000
   */
  connectTimeoutMs?: number;
}

/** The default key namespace. */
export const DEFAULT_REDIS_LOCK_PREFIX = 'legion:lock:';

/**
 * Locks on Redis through Redlock: a random owner token per lease, release/extend only by that token
 * (Redlock's Lua scripts), quorum over several independent servers, and owner metadata (host, pid,
 * run id, acquiredAt) inside the lock value, so every operation is one script on one key, as in Redlock.
 *
 * @example
 * const locks = new RedisLockProvider({ url: 'redis://127.0.0.1:6379' });
 * const lease = await locks.acquire('reports', 60_000);
 * if (lease) try { await work(); } finally { await lease.release(); }
 */
export class RedisLockProvider implements LockProvider {
  readonly name = 'redis';
  readonly #nodes: RedisNode[];
  readonly #redlock: Redlock;
  readonly #acquirer: PresetValueRedlock;
  readonly #prefix: string;
  readonly #timeoutMs: number;
  readonly #deadlines: OperationDeadlines;
  readonly #quorum: number;
  #connecting: Promise<void> | null = null;
  #closed = false;

  constructor(options: RedisLockProviderOptions) {
    const sources = [options.url, options.urls, options.client].filter((source) => source !== undefined);
    if (sources.length !== 1) {
      throw new ConfigurationError(
        `RedisLockProvider: pass exactly one of url, urls or client, got ${quote(Object.keys(options))}`,
        { value: Object.keys(options) },
      );
    }
    this.#timeoutMs = assertTtl('RedisLockProvider (connectTimeoutMs)', options.connectTimeoutMs ?? 5000);
    this.#deadlines = new OperationDeadlines(this.#timeoutMs);
    this.#prefix = assertPrefix(options.prefix ?? DEFAULT_REDIS_LOCK_PREFIX);
    this.#nodes = buildNodes(options, this.#timeoutMs);
    this.#quorum = Math.floor(this.#nodes.length / 2) + 1;
    // retryCount 0 for every operation: contention must answer `null` at once instead of polling for
    // seconds. Set here once, so no call pays for merging per-call settings.
    this.#redlock = new Redlock(
      this.#nodes.map((node) => node.client),
      { retryCount: 0 },
    );
    this.#acquirer = new PresetValueRedlock(this.#redlock);
  }

  /** Connects to the servers (a quorum must answer within `connectTimeoutMs`); called lazily by every operation. */
  connect(): Promise<void> {
    if (this.#closed) return Promise.reject(new BackendUnavailableError('RedisLockProvider: the provider is closed'));
    this.#connecting ??= this.#connect().catch((error: unknown) => {
      this.#connecting = null;
      throw error;
    });
    return this.#connecting;
  }

  async acquire(key: string, ttlMs: number, owner?: Partial<LockOwner>): Promise<Lease | null> {
    const ttl = assertLockArguments('RedisLockProvider', key, ttlMs);
    await this.connect();
    const token = randomToken();
    const value = encodeLockValue({ token, owner: resolveOwner(owner), acquiredAt: Date.now() });
    let lock: Lock;
    try {
      lock = await this.#bounded(this.#acquirer.acquire([this.#prefix + key], ttl, value), (late) => {
        // The caller was told the acquire failed: nobody owns this lock, so give it back at once.
        this.#redlock.release(late).catch(() => undefined);
      });
    } catch (error) {
      await this.#rethrowUnlessRefused(error, 'acquire', key);
      return null;
    }
    return this.#lease(key, token, lock);
  }

  async forceRelease(key: string): Promise<boolean> {
    assertLockArguments('RedisLockProvider', key, 1);
    await this.connect();
    const results = await Promise.allSettled(this.#nodes.map((node) => this.#bounded(node.client.del(this.#prefix + key))));
    this.#assertQuorumAnswered(results, 'forceRelease', key);
    return results.some((result) => result.status === 'fulfilled' && result.value > 0);
  }

  async list(prefix = ''): Promise<HeldLock[]> {
    await this.connect();
    const pattern = `${escapeGlob(this.#prefix + prefix)}*`;
    const scans = await Promise.allSettled(this.#nodes.map((node) => this.#bounded(scanKeys(node.client, pattern))));
    this.#assertQuorumAnswered(scans, 'list', prefix);
    const lockKeys = [...new Set(scans.flatMap((scan) => (scan.status === 'fulfilled' ? scan.value : [])))];
    if (lockKeys.length === 0) return [];
    const keys = lockKeys.map((lockKey) => lockKey.slice(this.#prefix.length));
    const states = await Promise.allSettled(
      this.#nodes.map((node) => this.#bounded(readLockValues(node.client, this.#prefix, keys))),
    );
    this.#assertQuorumAnswered(states, 'list', prefix);
    const now = Date.now();
    const held: HeldLock[] = [];
    keys.forEach((key, index) => {
      const perNode = states.flatMap((state) => (state.status === 'fulfilled' ? [state.value[index]!] : []));
      const lock = this.#quorumView(key, perNode, now);
      if (lock) held.push(lock);
    });
    return held.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#nodes.map((node) => closeNode(node)));
  }

  async #connect(): Promise<void> {
    const results = await Promise.allSettled(this.#nodes.map((node) => connectNode(node, this.#timeoutMs)));
    const failures = results.flatMap((result, index) =>
      result.status === 'rejected' ? [`${this.#nodes[index]!.label}: ${(result.reason as Error).message}`] : [],
    );
    if (this.#nodes.length - failures.length >= this.#quorum) return;
    // Owned clients would keep reconnecting in the background of a process that is about to fail.
    await Promise.all(this.#nodes.map((node) => (node.owned ? closeNode(node) : undefined)));
    this.#closed = true;
    const what =
      this.#nodes.length === 1
        ? `cannot reach Redis at ${this.#nodes[0]!.label} within ${this.#timeoutMs} ms`
        : `only ${this.#nodes.length - failures.length} of ${this.#nodes.length} Redis servers answered within ${this.#timeoutMs} ms, ${this.#quorum} needed`;
    throw new BackendUnavailableError(`RedisLockProvider: ${what} (${failures.join('; ')})`, {
      url: this.#nodes.map((node) => node.label).join(','),
    });
  }

  /** `lock.value` is the full stored value (token plus owner); Redlock's scripts compare all of it. */
  #lease(key: string, token: string, initial: Lock): Lease {
    let lock = initial;
    return new OwnedLease(key, token, new Date(lock.expiration), {
      extend: async (ttlMs) => {
        const ttl = assertTtl('RedisLockProvider', ttlMs);
        const extended = lock;
        try {
          lock = await this.#bounded(this.#redlock.extend(extended, ttl), (late) => {
            // Redlock zeroes the expiry of the `Lock` it extended; keep the one matching the server, or
            // the next extend would be refused locally although the lock is still ours.
            if (lock === extended) lock = late;
          });
        } catch (error) {
          await this.#rethrowUnlessRefused(error, 'extend', key);
          return null;
        }
        return new Date(lock.expiration);
      },
      release: async () => {
        try {
          await this.#bounded(this.#redlock.release(lock));
        } catch (error) {
          await this.#rethrowUnlessRefused(error, 'release', key);
          return false;
        }
        return true;
      },
    });
  }

  /**
   * Redlock rejects both when the key belongs to someone else and when servers fail. The first is an
   * answer (`null`/`false`); the second throws `BackendUnavailableError` once too many servers failed
   * for a quorum to be possible at all.
   */
  async #rethrowUnlessRefused(error: unknown, operation: string, key: string): Promise<void> {
    if (error instanceof ConfigurationError) throw error;
    if (!(error instanceof ExecutionError)) throw this.#backendError(operation, key, [error]);
    const last = error.attempts.at(-1);
    // No attempt at all: redlock refused locally (extend of an already expired lock).
    if (last === undefined) return;
    // All votes are in within the bound: quorum clients time out each command (see buildNodes).
    const stats = await this.#bounded(last);
    const failures = [...stats.votesAgainst.values()].filter((vote) => !(vote instanceof ResourceLockedError));
    if (failures.length > stats.membershipSize - stats.quorumSize) throw this.#backendError(operation, key, failures);
  }

  /**
   * `work` bounded by `connectTimeoutMs`. Redlock settles as soon as a quorum answered, so a silent
   * minority never trips this; a silent majority (or the one server) does.
   */
  #bounded<T>(work: Promise<T>, onLateSuccess?: (value: T) => void): Promise<T> {
    return this.#deadlines.run(work, () => new Error(`no answer within ${this.#timeoutMs} ms`), onLateSuccess);
  }

  #backendError(operation: string, key: string, errors: unknown[]): SchedulerError {
    const reasons = errors.map((error) => this.#redact(error instanceof Error ? error.message : String(error)));
    return new BackendUnavailableError(
      `RedisLockProvider: ${operation} of ${quote(key)} failed on ${this.#nodes.map((node) => node.label).join(', ')} (${reasons.join('; ')})`,
      { value: key },
      errors[0],
    );
  }

  #redact(message: string): string {
    return this.#nodes.reduce((text, node) => redactNodeMessage(node, text), message);
  }

  #assertQuorumAnswered(results: PromiseSettledResult<unknown>[], operation: string, key: string): void {
    const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    if (results.length - failures.length < this.#quorum) throw this.#backendError(operation, key, failures);
  }

  /**
   * The lock as a quorum of servers sees it: one value live on at least N/2+1 of them. The owner comes
   * from that value, so it always belongs to the token that holds the lock; a value this provider did
   * not write (another tool, an older version of this package) is shown with an unknown owner.
   */
  #quorumView(key: string, states: NodeLockValue[], now: number): HeldLock | null {
    const byValue = new Map<string, number[]>();
    for (const state of states) {
      if (state.value === null || state.ttlMs <= 0) continue;
      byValue.set(state.value, [...(byValue.get(state.value) ?? []), state.ttlMs]);
    }
    for (const [value, ttls] of byValue) {
      if (ttls.length < this.#quorum) continue;
      // The lock is valid while a quorum still holds it: the quorum-th longest remaining TTL.
      const ttlMs = ttls.sort((a, b) => b - a)[this.#quorum - 1]!;
      const content = decodeLockValue(value);
      return {
        key,
        owner: content?.owner ?? { host: 'unknown', pid: 0 },
        acquiredAt: content === null ? null : new Date(content.acquiredAt),
        expiresAt: new Date(now + ttlMs),
      };
    }
    return null;
  }
}

function assertPrefix(prefix: string): string {
  if (typeof prefix !== 'string' || prefix.length === 0) {
    throw new ConfigurationError(`RedisLockProvider: prefix must be a non-empty string, got ${quote(prefix)}`, { value: prefix });
  }
  return prefix;
}

function buildNodes(options: RedisLockProviderOptions, timeoutMs: number): RedisNode[] {
  if (options.client !== undefined) return [createClientNode(options.client)];
  const urls = options.url !== undefined ? [options.url] : [...(options.urls ?? [])];
  if (urls.length === 0 || urls.some((url) => typeof url !== 'string' || url.length === 0)) {
    throw new ConfigurationError(`RedisLockProvider: urls must be a non-empty list of Redis URLs, got ${quote(urls.length)} entries`, {
      value: urls.length,
    });
  }
  if (new Set(urls).size !== urls.length) {
    throw new ConfigurationError('RedisLockProvider: urls must name independent servers, got the same URL twice', {
      value: urls.length,
    });
  }
  // Every operation is bounded by OperationDeadlines, which is all one server needs. With a quorum, a
  // silent minority must still cast its vote within the bound: after a refusal, telling contention from
  // failure waits for every server's vote (see #rethrowUnlessRefused), and only a per-command timeout
  // turns silence into a vote. One server skips that timer per command, ~20 µs of CPU per acquire +
  // release on loopback (ioredis arms a timer and then `delete`s a property of the command object).
  return urls.map((url) => createUrlNode(url, timeoutMs, urls.length > 1));
}

async function scanKeys(client: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}
