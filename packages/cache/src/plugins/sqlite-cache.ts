import { CACHE_STORE, type Plugin, type PluginContext } from '@monkeyslegion/scheduler-core';
import type { SqliteCacheStore } from '../sqlite/sqlite-cache-store.js';
import { contextClock, expectOptionalString, expectOptionsObject, resolveDataFile, storePrefix } from './plugin-options.js';

/** Options of the `sqliteCache()` plugin. */
export interface SqliteCacheOptions {
  /**
   * Database file; relative paths resolve against the config's folder.
   * @default `${config.dataDir}/scheduler.db`
   */
  file?: string;
  /**
   * Namespace put in front of every key.
   * @default `${config.prefix}:` (e.g. 'legion:')
   */
  prefix?: string;
}

/**
 * A plugin binding a `SqliteCacheStore` (one WAL-mode file shared by every process on the host) to
 * `CACHE_STORE`; better-sqlite3 is loaded only when the plugin is enabled.
 *
 * @example
 * export default defineConfig({ plugins: [sqliteCache({ file: '.legion/scheduler.db' })] });
 */
export function sqliteCache(options: SqliteCacheOptions = {}): Plugin {
  expectOptionsObject('sqliteCache', options);
  expectOptionalString('sqliteCache', 'file', options.file);
  expectOptionalString('sqliteCache', 'prefix', options.prefix);
  // One instance per application: the same plugin object may be enabled by two runtimes in one process.
  const instances = new WeakMap<PluginContext, SqliteCacheStore>();
  return {
    name: 'sqlite-cache',
    async onEnable(context) {
      const { SqliteCacheStore } = await import('../sqlite/sqlite-cache-store.js');
      const store = new SqliteCacheStore({
        file: resolveDataFile(context, options.file, 'scheduler.db'),
        prefix: storePrefix(context, options.prefix),
        clock: contextClock(context),
      });
      instances.set(context, store);
      context.provide(CACHE_STORE, store);
    },
    async onDisable(context) {
      await instances.get(context)?.close();
      instances.delete(context);
    },
  };
}
