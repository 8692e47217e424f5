import { ConfigurationError, type Driver, type DriverStats, type PushRequest, type PushedRun } from '@monkeyslegion/scheduler-core';
import type { Redis } from 'ioredis';
import { resolvePayloadLimits, type PayloadLimits } from '../payload/payload-limits.js';
import { assertClaimArguments, assertVisibilityTimeout } from '../run/claim-arguments.js';
import { ClaimTracker } from '../run/claim-tracker.js';
import { boundReason, MALFORMED_REASON_PREFIX, type FailedRun, type FailureLog, type MalformedRun } from '../run/failed-run.js';
import { normalizePushRequest } from '../run/normalize-push-request.js';
import { newRunId } from '../run/run-id.js';
import { decodeStoredRun, storedTaskIdText, type StoredRun } from '../run/stored-run.js';
import { WakeSignal } from '../run/wake-signal.js';
import {
  createRedisClient,
  describeRedisTarget,
  redisScript,
  runScript,
  toRedisBackendError,
  waitUntilReady,
} from './redis-connection.js';
import { CONSUMER_GROUP, RELEASED_CONSUMER, redisDriverKeys, type RedisDriverKeys } from './redis-driver-keys.js';
import { CLAIM_SCRIPT, FINISH_SCRIPT, FORGET_CONSUMERS_SCRIPT, HOLD_SCRIPT, PUSH_SCRIPT, STATS_SCRIPT } from './redis-driver-scripts.js';

/** Options of `RedisDriver`; give either `url` or `client`. */
export interface RedisDriverOptions {
  /** `redis://` or `rediss://` URL; the driver opens and closes its own connections. */
  url?: string;
  /** A caller-owned ioredis client: used as is and not closed by `close()`; `wait()` uses a `duplicate()`. */
  client?: Redis;
  /**
   * Key namespace; keys look like `{legion:driver}:stream`.
   * @default 'legion:'
   */
  prefix?: string;
  /**
   * Bound on connecting and on every command, in milliseconds; past it operations fail with `BackendUnavailableError`.
   * @default 5000
   */
  connectTimeoutMs?: number;
  /**
   * Payload size and depth limits.
   * @default { maxBytes: 65536, maxDepth: 32 }
   */
  payloadLimits?: Partial<PayloadLimits>;
  /**
   * How many failed runs are kept for `failures()` (the failed counter keeps counting beyond it).
   * @default 1000
   */
  failedHistory?: number;
  /**
   * Called after a malformed stored record was claimed and failed (it is never handed to a consumer).
   * @default undefined
   */
  onMalformed?: (run: MalformedRun) => void;
}

const SCRIPTS = {
  push: redisScript(PUSH_SCRIPT),
  claim: redisScript(CLAIM_SCRIPT),
  finish: redisScript(FINISH_SCRIPT),
  hold: redisScript(HOLD_SCRIPT),
  stats: redisScript(STATS_SCRIPT),
  forgetConsumers: redisScript(FORGET_CONSUMERS_SCRIPT),
};

/** How many due delayed runs one claim moves into the stream; the rest follow on later claims. */
const PROMOTE_LIMIT = 500;

type ClaimReply = [string, string[], number][];

/**
 * A `Driver` on Redis Streams: runs are stream entries read through one consumer group, delayed runs
 * wait in a sorted set, every claimed entry has a visibility deadline in a sorted set, and all state
 * changes are single Lua scripts, so a crash at any point loses nothing.
 *
 * @example
 * const driver = new RedisDriver({ url: 'redis://127.0.0.1:6379' });
 * await driver.push({ taskId: 'invoices:sync', payload: { customer: 42 } });
 */
export class RedisDriver implements Driver, FailureLog {
  /** Backend name. */
  readonly name = 'redis';
  private readonly keys: RedisDriverKeys;
  private readonly client: Redis;
  private readonly ownsClient: boolean;
  private readonly url: string | undefined;
  private readonly timeoutMs: number;
  private readonly limits: PayloadLimits;
  private readonly failedHistory: number;
  private readonly onMalformed: ((run: MalformedRun) => void) | undefined;
  private readonly claims = new ClaimTracker();
  private readonly wake = new WakeSignal();
  private readonly consumers = new Set<string>();
  private subscriber: Redis | undefined;
  private subscribing: Promise<void> | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;

  constructor(options: RedisDriverOptions) {
    if (!options.url === !options.client) throw new ConfigurationError('RedisDriver: give exactly one of `url` or `client`');
    this.timeoutMs = options.connectTimeoutMs ?? 5000;
    if (!(this.timeoutMs > 0)) throw new ConfigurationError(`RedisDriver: connectTimeoutMs must be positive, got ${String(options.connectTimeoutMs)}`);
    this.keys = redisDriverKeys(options.prefix ?? 'legion:');
    this.url = options.url;
    this.ownsClient = !options.client;
    this.client = options.client ?? createRedisClient(options.url as string, this.timeoutMs);
    // ioredis reports connection trouble as 'error' events; operations report it as typed errors instead.
    if (this.ownsClient) this.client.on('error', () => undefined);
    this.limits = resolvePayloadLimits(options.payloadLimits);
    this.failedHistory = options.failedHistory ?? 1000;
    this.onMalformed = options.onMalformed;
  }

  /** Connects now (operations connect on first use anyway); fails with `BackendUnavailableError` within `connectTimeoutMs`. */
  async connect(): Promise<void> {
    await this.call(async () => undefined);
  }

  /** Queues a run; returns the id of the active run with the same `dedupeKey` instead when there is one. */
  async push(request: PushRequest): Promise<string> {
    const push = normalizePushRequest(request, this.limits);
    const reply = (await this.call(() =>
      runScript(this.client, SCRIPTS.push, this.keys.all, [
        CONSUMER_GROUP,
        newRunId(),
        push.taskId,
        push.payloadText ?? '',
        push.payloadText === null ? '0' : '1',
        push.runAtMs === null ? '' : String(push.runAtMs),
        push.dedupeKey ?? '',
        this.keys.notify,
      ]),
    )) as [string, number];
    return reply[0];
  }

  /** Claims up to `max` ready runs; malformed records among them are failed and reported, never returned. */
  async claim(consumer: string, max: number, visibilityTimeoutMs: number): Promise<PushedRun[]> {
    assertClaimArguments('RedisDriver', consumer, max, visibilityTimeoutMs);
    if (consumer === RELEASED_CONSUMER) throw new ConfigurationError(`RedisDriver: consumer name "${RELEASED_CONSUMER}" is reserved`);
    if (max === 0) return [];
    this.consumers.add(consumer);
    const reply = (await this.call(() =>
      runScript(this.client, SCRIPTS.claim, this.keys.all, [CONSUMER_GROUP, consumer, max, Math.ceil(visibilityTimeoutMs), PROMOTE_LIMIT]),
    )) as ClaimReply;
    const runs: PushedRun[] = [];
    for (const [streamId, flatFields, attempts] of reply) {
      const fields = toFieldMap(flatFields);
      const record = toStoredRun(streamId, fields, Number(attempts));
      const decoded = fields.has('unreadable') ? { malformed: 'stored delayed record is not a JSON array of fields' } : decodeStoredRun(record, this.limits);
      if (decoded.run) {
        this.claims.remember(decoded.run.id, { consumer, attempts: decoded.run.attempts });
        runs.push(decoded.run);
      } else {
        await this.failMalformed(record, streamId, decoded.malformed);
      }
    }
    return runs;
  }

  /**
   * Pushes a claimed run's visibility deadline `visibilityTimeoutMs` from now; `false` when the claim
   * was lost (re-claimed by another consumer, acked, failed, released) or was not made by this instance.
   */
  async extend(id: string, visibilityTimeoutMs: number): Promise<boolean> {
    assertVisibilityTimeout('RedisDriver', visibilityTimeoutMs);
    const held = await this.hold(id, 'extend', Math.ceil(visibilityTimeoutMs));
    if (!held) this.claims.forget(id);
    return held;
  }

  /** Removes a claimed run for good and frees its dedupe key; a no-op for unknown or finished runs. */
  async ack(id: string): Promise<void> {
    await this.finish(id, 'ack', '', '');
    this.claims.forget(id);
  }

  /** Removes a claimed run for good and records it as failed with `reason`. */
  async fail(id: string, reason: string): Promise<void> {
    await this.finish(id, 'fail', boundReason(reason), '');
    this.claims.forget(id);
  }

  /** Makes a run this instance claimed claimable again at once (the next claim counts as its next attempt); a no-op otherwise. */
  async release(id: string): Promise<void> {
    await this.hold(id, 'release', 0);
    this.claims.forget(id);
  }

  /** Queue counters; runs whose visibility expired count as pending, due delayed runs too. */
  async stats(): Promise<DriverStats> {
    const [pending, delayed, inFlight, failed] = await this.statsReply();
    return { pending, delayed, inFlight, failed };
  }

  /** The most recent failed runs, newest first. */
  async failures(limit = 100): Promise<FailedRun[]> {
    const entries = await this.call(() => this.client.lrange(this.keys.failed, 0, Math.max(0, limit - 1)));
    return entries.flatMap((entry) => {
      try {
        const record = JSON.parse(entry) as { id: string; taskId: string; reason: string; failedAt: string | number; attempts: number };
        return [{ id: record.id, taskId: record.taskId, reason: record.reason, failedAt: new Date(Number(record.failedAt)), attempts: Number(record.attempts) }];
      } catch {
        return [];
      }
    });
  }

  /**
   * Resolves when a push or release is announced on the notify channel, when a delayed run or a
   * visibility deadline comes due, after `timeoutMs`, or on abort; at once when runs are ready now.
   */
  async wait(signal: AbortSignal, timeoutMs: number): Promise<void> {
    if (signal.aborted || this.closed) return;
    const armed = this.wake.arm();
    try {
      await this.subscribe();
      const [pending, , , , nextInMs] = await this.statsReply();
      if (pending > 0) return;
      await armed.until(nextInMs >= 0 ? Math.min(timeoutMs, nextInMs) : timeoutMs, signal);
    } finally {
      armed.disarm();
    }
  }

  /**
   * Ends pending waits, removes this instance's consumers that hold nothing from the consumer group,
   * and closes the connections this driver opened (never a caller's client).
   */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.consumers.size > 0 && this.client.status === 'ready') {
      // Best effort: a consumer left behind only costs a line in XINFO CONSUMERS.
      await runScript(this.client, SCRIPTS.forgetConsumers, this.keys.all, [CONSUMER_GROUP, ...this.consumers]).catch(() => undefined);
    }
    this.closed = true;
    this.wake.notify();
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    await Promise.all([subscriber && quit(subscriber), this.ownsClient ? quit(this.client) : undefined]);
  }

  private async statsReply(): Promise<[number, number, number, number, number]> {
    const reply = (await this.call(() => runScript(this.client, SCRIPTS.stats, this.keys.all, [CONSUMER_GROUP]))) as number[];
    return reply.map(Number) as [number, number, number, number, number];
  }

  private async hold(id: string, mode: 'extend' | 'release', visibilityMs: number): Promise<boolean> {
    // Only the instance that claimed a run may extend or release it: the contract passes no consumer,
    // so the remembered claim is what tells a live claim from one that was lost or never ours.
    const claim = this.claims.get(id);
    if (!claim) return false;
    const reply = await this.call(() =>
      runScript(this.client, SCRIPTS.hold, this.keys.all, [
        CONSUMER_GROUP,
        String(id),
        mode,
        claim.consumer,
        String(claim.attempts),
        visibilityMs,
        this.keys.notify,
        RELEASED_CONSUMER,
      ]),
    );
    return Number(reply) === 1;
  }

  private async finish(id: string, mode: 'ack' | 'fail', reason: string, streamId: string): Promise<boolean> {
    const reply = await this.call(() =>
      runScript(this.client, SCRIPTS.finish, this.keys.all, [CONSUMER_GROUP, String(id), mode, reason, this.failedHistory, streamId, RELEASED_CONSUMER]),
    );
    return Number(reply) === 1;
  }

  private async failMalformed(record: StoredRun, streamId: string, reason: string): Promise<void> {
    await this.finish(record.id, 'fail', boundReason(MALFORMED_REASON_PREFIX + reason), streamId);
    this.onMalformed?.({ id: record.id, taskId: storedTaskIdText(record.taskId), reason });
  }

  private async subscribe(): Promise<void> {
    if (!this.subscribing) {
      const subscriber = this.ownsClient ? createRedisClient(this.url as string, this.timeoutMs, true) : this.client.duplicate();
      subscriber.on('error', () => undefined);
      subscriber.on('message', () => this.wake.notify());
      this.subscriber = subscriber;
      this.subscribing = (async () => {
        await waitUntilReady(subscriber, this.timeoutMs, true);
        await subscriber.subscribe(this.keys.notify);
      })().catch((error: unknown) => {
        this.subscribing = undefined;
        this.subscriber = undefined;
        subscriber.disconnect();
        throw error;
      });
    }
    await this.call(() => this.subscribing as Promise<void>);
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closed) throw new ConfigurationError('RedisDriver: the driver is closed');
    try {
      if (this.client.status !== 'ready') {
        this.connecting ??= waitUntilReady(this.client, this.timeoutMs, this.ownsClient).finally(() => {
          this.connecting = undefined;
        });
        await this.connecting;
      }
      return await operation();
    } catch (error) {
      throw toRedisBackendError(error, describeRedisTarget(this.url, this.client), this.url ? [this.url] : []);
    }
  }
}

function toFieldMap(flat: readonly string[]): Map<string, string> {
  const fields = new Map<string, string>();
  for (let index = 0; index + 1 < flat.length; index += 2) fields.set(String(flat[index]), String(flat[index + 1]));
  return fields;
}

function toStoredRun(streamId: string, fields: Map<string, string>, attempts: number): StoredRun {
  // Entries added by hand may lack times: the stream id carries the time they were added.
  const addedAt = Number(streamId.split('-')[0]);
  const time = (name: string) => (fields.has(name) ? Number(fields.get(name)) : addedAt);
  return {
    id: fields.get('id') || streamId,
    taskId: fields.get('taskId'),
    payload: fields.get('payload') ?? null,
    runAtMs: time('runAt'),
    pushedAtMs: time('pushedAt'),
    attempts,
    dedupeKey: fields.get('dedupeKey') ?? null,
  };
}

async function quit(client: Redis): Promise<void> {
  try {
    if (client.status === 'ready') await client.quit();
    else client.disconnect();
  } catch {
    client.disconnect();
  }
}
