import { CACHE_STORE, type Plugin, type PluginContext } from '@monkeyslegion/scheduler-core';
import type { Cluster, Redis } from 'ioredis';
import { checkConnectTimeout, checkRedisUrl, checkUrlOrClient } from '../redis/check-redis-options.js';
import type { RedisCacheStore } from '../redis/redis-cache-store.js';
import { expectOptionalString, expectOptionsObject, storePrefix } from './plugin-options.js';

/** Options of the `redisCache()` plugin: a `url` (the plugin owns the client) or a `client` (you own it). */
export interface RedisCacheOptions {
  /**
   * `redis://` or `rediss://` URL.
   * @default process.env.REDIS_URL, else 'redis://127.0.0.1:6379'
   */
  url?: string;
  /** An ioredis `Redis` or `Cluster` you own; it is not closed when the app stops. */
  client?: Redis | Cluster;
  /**
   * Namespace put in front of every key.
   * @default `${config.prefix}:` (e.g. 'legion:')
   */
  prefix?: string;
  /**
   * How long to wait for Redis before failing with `BackendUnavailableError`.
   * @default 5000
   */
  connectTimeoutMs?: number;
}

/**
 * A plugin binding a `RedisCacheStore` to `CACHE_STORE`; it connects when enabled, so an unreachable
 * Redis fails the boot within `connectTimeoutMs`. ioredis is loaded only when the plugin is enabled.
 *
 * @example
 * export default defineConfig({ plugins: [redisCache({ url: process.env.REDIS_URL })] });
 */
export function redisCache(options: RedisCacheOptions = {}): Plugin {
  expectOptionsObject('redisCache', options);
  expectOptionalString('redisCache', 'url', options.url);
  expectOptionalString('redisCache', 'prefix', options.prefix);
  checkUrlOrClient('redisCache()', options.url, options.client);
  if (options.url !== undefined) checkRedisUrl('redisCache()', options.url);
  checkConnectTimeout('redisCache()', options.connectTimeoutMs);
  // One instance per application: the same plugin object may be enabled by two runtimes in one process.
  const instances = new WeakMap<PluginContext, RedisCacheStore>();
  return {
    name: 'redis-cache',
    async onEnable(context) {
      const { openRedisCacheStore } = await import('../redis/open-redis-cache-store.js');
      const store = await openRedisCacheStore({ ...options, prefix: storePrefix(context, options.prefix) });
      instances.set(context, store);
      context.provide(CACHE_STORE, store);
    },
    async onDisable(context) {
      await instances.get(context)?.close();
      instances.delete(context);
    },
  };
}
