import { CACHE_STORE, type Plugin, type PluginContext } from '@monkeyslegion/scheduler-core';
import { MemoryCacheStore } from '../memory/memory-cache-store.js';
import { contextClock, expectOptionalString, expectOptionsObject, storePrefix } from './plugin-options.js';

/** Options of the `memoryCache()` plugin. */
export interface MemoryCacheOptions {
  /**
   * Namespace put in front of every key.
   * @default `${config.prefix}:` (e.g. 'legion:')
   */
  prefix?: string;
}

/**
 * A plugin binding an in-process `MemoryCacheStore` to `CACHE_STORE` (nothing shared between processes).
 *
 * @example
 * export default defineConfig({ plugins: [memoryCache()] });
 */
export function memoryCache(options: MemoryCacheOptions = {}): Plugin {
  expectOptionsObject('memoryCache', options);
  expectOptionalString('memoryCache', 'prefix', options.prefix);
  // One instance per application: the same plugin object may be enabled by two runtimes in one process.
  const instances = new WeakMap<PluginContext, MemoryCacheStore>();
  return {
    name: 'memory-cache',
    onEnable(context) {
      const store = new MemoryCacheStore({ prefix: storePrefix(context, options.prefix), clock: contextClock(context) });
      instances.set(context, store);
      context.provide(CACHE_STORE, store);
    },
    async onDisable(context) {
      await instances.get(context)?.close();
      instances.delete(context);
    },
  };
}
