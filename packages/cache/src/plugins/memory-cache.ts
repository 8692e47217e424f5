import { CACHE_STORE, type Plugin } from '@monkeyslegion/scheduler-core';
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
  let store: MemoryCacheStore | undefined;
  return {
    name: 'memory-cache',
    onEnable(context) {
      store = new MemoryCacheStore({ prefix: storePrefix(context, options.prefix), clock: contextClock(context) });
      context.provide(CACHE_STORE, store);
    },
    async onDisable() {
      await store?.close();
      store = undefined;
    },
  };
}
