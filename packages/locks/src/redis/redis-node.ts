import { Redis } from 'ioredis';
import { redactSecrets, redactUrl } from '@monkeyslegion/scheduler-core';

/** One independent Redis server of a (possibly single-node) Redlock set. */
export interface RedisNode {
  /** The client talking to it. */
  readonly client: Redis;
  /** Redacted URL for messages, or `client` for a caller-owned client. */
  readonly label: string;
  /** The raw URL, kept only to redact it out of backend error messages. */
  readonly url: string | null;
  /** `true` when we created the client and must close it. */
  readonly owned: boolean;
  /** The last connection error the client reported, for messages. */
  lastError: Error | null;
}

/**
 * Creates a node for `url` with bounded, fail-fast client settings; nothing connects until `connectNode`.
 * `boundEachCommand` sets ioredis's `commandTimeout` (a timer per command).
 */
export function createUrlNode(url: string, connectTimeoutMs: number, boundEachCommand: boolean): RedisNode {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    ...(boundEachCommand ? { commandTimeout: connectTimeoutMs } : {}),
    // A lock operation must fail fast on a down server (redlock counts it as a vote against) rather than queue.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2000),
  });
  const node: RedisNode = { client, label: redactUrl(url), url, owned: true, lastError: null };
  // Without a listener ioredis prints every reconnect error; failures surface through the operations instead.
  client.on('error', (error: Error) => {
    node.lastError = error;
  });
  return node;
}

/** Wraps a caller-owned client; it is connected if needed but never closed by us. */
export function createClientNode(client: Redis): RedisNode {
  return { client, label: 'client', url: null, owned: false, lastError: null };
}

/** Connects `node` within `timeoutMs`; rejects with a redacted `Error` naming the server otherwise. */
export async function connectNode(node: RedisNode, timeoutMs: number): Promise<void> {
  const { client } = node;
  if (client.status === 'ready') return;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
  });
  const ready =
    client.status === 'wait'
      ? client.connect()
      : new Promise<void>((resolve) => {
          client.once('ready', () => resolve());
        });
  try {
    await Promise.race([ready, deadline]);
  } catch (error) {
    ready.catch(() => undefined);
    // ioredis rejects connect() with a bare "Connection is closed."; the 'error' event says why.
    const reason = node.lastError ? `${node.lastError.message}` : error instanceof Error ? error.message : String(error);
    throw new Error(redactNodeMessage(node, reason));
  } finally {
    clearTimeout(timer);
  }
}

/** The error's message with the node's credentials removed. */
export function redactNodeMessage(node: RedisNode, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return node.url === null ? message : redactSecrets(message, [node.url]);
}

/** Closes an owned client (politely when connected); caller-owned clients are left alone. */
export async function closeNode(node: RedisNode): Promise<void> {
  if (!node.owned) return;
  if (node.client.status === 'ready') {
    await node.client.quit().catch(() => node.client.disconnect());
  } else {
    node.client.disconnect();
  }
}
