import { LOCK_PROVIDER, type Plugin, type PluginContext } from '@monkeyslegion/scheduler-core';
import type { RedisLockProvider, RedisLockProviderOptions } from '../redis/redis-lock-provider.js';

/** Options of the `redisLocks()` plugin: exactly one of `url`, `urls` or `client`. */
export interface RedisLocksOptions extends Omit<RedisLockProviderOptions, 'prefix'> {
  /**
   * Namespace of every lock key.
   * @default `${config.prefix}:lock:` (e.g. 'legion:lock:')
   */
  prefix?: string;
}

/**
 * A plugin binding a `RedisLockProvider` (Redlock over one or several independent Redis servers) to
 * `LOCK_PROVIDER`; ioredis and redlock are loaded only when the plugin is enabled, and an unreachable
 * server fails the boot with a `BackendUnavailableError` (password redacted).
 *
 * @example
 * export default defineConfig({ plugins: [redisLocks({ url: process.env.REDIS_URL })] });
 */
export function redisLocks(options: RedisLocksOptions): Plugin {
  // One instance per application: the same plugin object may be enabled by two runtimes in one process.
  const instances = new WeakMap<PluginContext, RedisLockProvider>();
  return {
    name: 'redis-locks',
    async onEnable(context) {
      const { RedisLockProvider } = await import('../redis/redis-lock-provider.js');
      const created = new RedisLockProvider({ ...options, prefix: options.prefix ?? `${context.config.prefix}:lock:` });
      await created.connect();
      instances.set(context, created);
      context.provide(LOCK_PROVIDER, created);
    },
    async onDisable(context) {
      await instances.get(context)?.close();
      instances.delete(context);
    },
  };
}
