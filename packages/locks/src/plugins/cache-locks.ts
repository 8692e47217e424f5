import { CACHE_STORE, CLOCK, ConfigurationError, LOCK_PROVIDER, systemClock, type Plugin, type PluginContext } from '@monkeyslegion/scheduler-core';
import type { CacheLockProvider } from '../cache/cache-lock-provider.js';

/** Options of the `cacheLocks()` plugin. */
export interface CacheLocksOptions {
  /**
   * Namespace of lock keys inside the cache store (which adds its own namespace in front).
   * @default 'lock:'
   */
  prefix?: string;
}

/**
 * A plugin binding a `CacheLockProvider` over the already enabled cache store (`CACHE_STORE`) to
 * `LOCK_PROVIDER`; enable a cache plugin before it.
 *
 * @example
 * export default defineConfig({ plugins: [sqliteCache(), cacheLocks()] });
 */
export function cacheLocks(options: CacheLocksOptions = {}): Plugin {
  // One instance per application: the same plugin object may be enabled by two runtimes in one process.
  const instances = new WeakMap<PluginContext, CacheLockProvider>();
  return {
    name: 'cache-locks',
    async onEnable(context) {
      if (!context.has(CACHE_STORE)) {
        throw new ConfigurationError(
          'cacheLocks(): no cache store is enabled; put memoryCache(), sqliteCache() or redisCache() before cacheLocks() in plugins',
          { value: 'cacheLocks' },
        );
      }
      const { CacheLockProvider } = await import('../cache/cache-lock-provider.js');
      const provider = new CacheLockProvider(context.resolve(CACHE_STORE), {
        ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
        clock: context.has(CLOCK) ? context.resolve(CLOCK) : systemClock,
      });
      instances.set(context, provider);
      context.provide(LOCK_PROVIDER, provider);
    },
    async onDisable(context) {
      // The provider does not own the store: the cache plugin closes it in its own onDisable.
      await instances.get(context)?.close();
      instances.delete(context);
    },
  };
}
