import { ConfigurationError, quote, redactUrl } from '@monkeyslegion/scheduler-core';

/** Returns `connectTimeoutMs`, defaulting to 5000; throws a `ConfigurationError` unless it is a positive integer. */
export function checkConnectTimeout(owner: string, value: unknown): number {
  if (value === undefined) return 5000;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ConfigurationError(`${owner}: connectTimeoutMs ${quote(value)} must be a positive integer of milliseconds`, { value });
  }
  return value;
}

/** Throws a `ConfigurationError` (quoting the URL with its password redacted) unless `url` is a redis:// or rediss:// URL. */
export function checkRedisUrl(owner: string, url: unknown): asserts url is string {
  let protocol = '';
  try {
    protocol = typeof url === 'string' ? new URL(url).protocol : '';
  } catch {
    // Reported below with the redacted text.
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:') {
    const shown = typeof url === 'string' ? redactUrl(url) : url;
    throw new ConfigurationError(`${owner}: url ${quote(shown)} must be a redis:// or rediss:// URL`, { value: shown });
  }
}

/** Throws a `ConfigurationError` when both `url` and `client` are given. */
export function checkUrlOrClient(owner: string, url: string | undefined, client: unknown): void {
  if (url !== undefined && client !== undefined) {
    throw new ConfigurationError(`${owner}: give either url ${quote(redactUrl(url))} or client, not both`, { url: redactUrl(url) });
  }
}
