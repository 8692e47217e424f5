import { BackendUnavailableError } from '@monkeyslegion/scheduler-core';
import type { Cluster, Redis } from 'ioredis';

/** What `waitForRedis` needs to know besides the client. */
export interface WaitForRedisOptions {
  /** How long to wait for the `ready` state. */
  timeoutMs: number;
  /** Describes the server in messages; must already be free of credentials. */
  target: string;
  /** Removes credentials from driver error messages before they are quoted. */
  redact(text: string): string;
  /** `true` when the caller may (re)connect and disconnect the client. */
  ownsClient: boolean;
}

/**
 * Resolves once `client` is ready, or rejects with a `BackendUnavailableError` after `timeoutMs`:
 * ioredis retries forever by default, so without this bound an unreachable server would hang the caller.
 */
export function waitForRedis(client: Redis | Cluster, options: WaitForRedisOptions): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  if (client.status === 'end' && !options.ownsClient) {
    return Promise.reject(new BackendUnavailableError(`RedisCacheStore: the Redis client for ${options.target} was closed by its owner`, { url: options.target }));
  }
  return new Promise<void>((resolve, reject) => {
    let lastError: unknown;
    const onError = (error: unknown): void => {
      lastError = error;
    };
    const onReady = (): void => {
      settle();
      resolve();
    };
    const timer = setTimeout(() => {
      settle();
      // Stops the background connection attempt of a client we own; the next command starts a fresh one.
      // Not while ioredis waits between reconnect attempts: it has no socket then, so disconnect() would only
      // cancel the retry and leave the client in `reconnecting` for good, failing every later command.
      if (options.ownsClient && client.status !== 'reconnecting') client.disconnect();
      const reason = lastError === undefined ? '' : ` (${options.redact(lastError instanceof Error ? lastError.message : String(lastError))})`;
      reject(
        new BackendUnavailableError(`RedisCacheStore: Redis at ${options.target} is not reachable within ${options.timeoutMs} ms${reason}`, {
          url: options.target,
          timeoutMs: options.timeoutMs,
        }),
      );
    }, options.timeoutMs);
    const settle = (): void => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('error', onError);
    };
    client.on('ready', onReady);
    client.on('error', onError);
    if (client.status === 'wait' || client.status === 'end') {
      // connect() rejects on the first failed attempt while ioredis keeps retrying; the timer decides.
      client.connect().catch(onError);
    }
  });
}
