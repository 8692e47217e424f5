import { ConfigurationError, quote } from '@monkeyslegion/scheduler-core';

/** The Redis keys (and pub/sub channel) of one driver queue. */
export interface RedisDriverKeys {
  /** Stream of ready and in-flight runs, read through the consumer group. */
  readonly stream: string;
  /** Sorted set of delayed run ids scored by `runAt` (epoch ms). */
  readonly delayed: string;
  /** Hash of delayed run id to its stream fields (JSON array), moved to the stream when due. */
  readonly delayedRuns: string;
  /** Hash of run id to stream entry id, for runs in the stream. */
  readonly index: string;
  /** Sorted set of claimed stream entry ids scored by their visibility deadline (epoch ms). */
  readonly deadlines: string;
  /** Hash of dedupe key to the id of the active run holding it. */
  readonly dedupe: string;
  /** Capped list of failed runs (JSON), newest first. */
  readonly failed: string;
  /** Counter of every run failed so far. */
  readonly failedCount: string;
  /** Pub/sub channel notified on push and release (not a key). */
  readonly notify: string;
  /** Every key, in the order the Lua scripts expect them. */
  readonly all: readonly string[];
}

/** Name of the consumer group every driver instance reads through. */
export const CONSUMER_GROUP = 'legion-runners';

/** Pseudo-consumer that owns released runs until somebody claims them. */
export const RELEASED_CONSUMER = '__released__';

/**
 * Builds the keys of a queue. All share the hash tag `{<prefix>driver}` so the Lua scripts, which
 * touch several keys at once, also run on Redis Cluster.
 *
 * @throws ConfigurationError when the prefix contains `{` or `}` (it would break the hash tag).
 */
export function redisDriverKeys(prefix: string): RedisDriverKeys {
  if (/[{}]/.test(prefix)) throw new ConfigurationError(`RedisDriver: prefix ${quote(prefix)} must not contain "{" or "}"`, { value: prefix });
  const tag = `{${prefix}driver}`;
  const keys = {
    stream: `${tag}:stream`,
    delayed: `${tag}:delayed`,
    delayedRuns: `${tag}:delayed-runs`,
    index: `${tag}:index`,
    deadlines: `${tag}:deadlines`,
    dedupe: `${tag}:dedupe`,
    failed: `${tag}:failed`,
    failedCount: `${tag}:failed-count`,
  };
  return {
    ...keys,
    notify: `${tag}:notify`,
    all: [keys.stream, keys.delayed, keys.delayedRuns, keys.index, keys.deadlines, keys.dedupe, keys.failed, keys.failedCount],
  };
}
