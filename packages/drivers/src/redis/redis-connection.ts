import { createHash } from 'node:crypto';
import { BackendUnavailableError, ConfigurationError, quote, redactSecrets, redactUrl } from '@monkeyslegion/scheduler-core';
import { Redis } from 'ioredis';

/** A Lua script with its SHA1, run with EVALSHA and loaded on demand. */
export interface RedisScript {
  /** Lua source. */
  readonly source: string;
  /** SHA1 of the source. */
  readonly sha: string;
}

/** Prepares a Lua script for `runScript`. */
export function redisScript(source: string): RedisScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/** Runs `script` with EVALSHA, falling back to EVAL once when the server does not have it cached. */
export async function runScript(client: Redis, script: RedisScript, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
  try {
    return await client.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return client.eval(script.source, keys.length, ...keys, ...args);
  }
}

/**
 * Opens a client the driver owns: lazy, with bounded connect and command times and reconnection
 * backoff capped at 2 s, so a daemon survives a Redis restart but a dead Redis fails fast.
 *
 * @throws ConfigurationError when `url` is not a `redis://` or `rediss://` URL.
 */
export function createRedisClient(url: string, timeoutMs: number, forBlocking = false): Redis {
  if (!/^rediss?:\/\//i.test(url)) {
    throw new ConfigurationError(`RedisDriver: url ${quote(redactUrl(url))} must start with redis:// or rediss://`, { value: redactUrl(url) });
  }
  return new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    // Subscriber connections sit idle by design: a command timeout would only misfire on them.
    commandTimeout: forBlocking ? undefined : timeoutMs,
    maxRetriesPerRequest: 2,
    retryStrategy: (times: number) => Math.min(50 * 2 ** times, 2000),
  });
}

/**
 * Waits until `client` is ready, at most `timeoutMs`. An owned client caught mid-attempt is disconnected
 * on failure, so the next operation starts a fresh attempt; one between attempts keeps its own backoff.
 */
export async function waitUntilReady(client: Redis, timeoutMs: number, owned: boolean): Promise<void> {
  if (client.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    let lastError: unknown;
    const cleanup = () => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('error', onError);
      client.off('end', onEnd);
    };
    const fail = (error: unknown) => {
      cleanup();
      // Not while ioredis waits between reconnect attempts: it has no socket then, so disconnect() would only
      // cancel the retry and leave the client in `reconnecting` for good, failing every later operation.
      if (owned && client.status !== 'reconnecting') client.disconnect();
      reject(error);
    };
    const onReady = () => {
      cleanup();
      resolve();
    };
    const onError = (error: unknown) => {
      lastError = error;
    };
    const onEnd = () => fail(lastError ?? new Error('connection ended'));
    const timer = setTimeout(() => fail(lastError ?? new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
    client.on('ready', onReady);
    client.on('error', onError);
    client.on('end', onEnd);
    if (client.status === 'wait' || client.status === 'end' || client.status === 'close') {
      // Failures arrive through the 'error'/'end' events above; the promise would only duplicate them.
      client.connect().catch(() => undefined);
    }
  });
}

/** Where a client points, for error messages, with credentials redacted. */
export function describeRedisTarget(url: string | undefined, client: Redis): string {
  if (url) return redactUrl(url);
  const options = client.options;
  return options.path ? `unix:${options.path}` : `${options.host ?? '127.0.0.1'}:${options.port ?? 6379}`;
}

// Replies refusing the connection itself (credentials, ACL): the backend is unusable, not misused.
const REFUSED_CONNECTION = /^(WRONGPASS|NOAUTH|NOPERM)\b|^ERR AUTH\b/;

/**
 * Maps a client-side failure (refused, timed out, connection closed, credentials refused) to
 * `BackendUnavailableError`; other errors Redis itself replied with are bugs or misuse and pass through unchanged.
 */
export function toRedisBackendError(error: unknown, target: string, secrets: readonly string[]): unknown {
  if (error instanceof BackendUnavailableError) return error;
  const refused = error instanceof Error && error.name === 'ReplyError' && REFUSED_CONNECTION.test(error.message);
  if (error instanceof Error && error.name === 'ReplyError' && !refused) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new BackendUnavailableError(
    `RedisDriver: Redis at ${target} is unavailable: ${redactSecrets(detail, secrets).replace(/\s+/g, ' ')}`,
    { url: target },
    // ioredis keeps the refused AUTH command, password included, on its reply error: never chain it.
    refused ? undefined : error,
  );
}
