import { CACHE_STORE, type CacheStore, type Plugin, type PluginContext } from '@monkeyslegion/scheduler-core';

/** A plugin that only remembers its context, so a task discovery can reach providers enabled later. */
export interface CacheProbe {
  /** The plugin to enable after the config's plugins. */
  readonly plugin: Plugin;
  /** The cache store, once every provider plugin has enabled (`undefined` before, or when the probe never ran). */
  cache(): CacheStore | undefined;
  /** The application's logger, once the probe ran. */
  logger(): PluginContext['logger'] | undefined;
}

/**
 * Workaround: core's `TaskDiscovery` context carries no container, yet the manifest lives in the cache
 * store that plugins create. The probe captures the plugin context; discovery runs after every plugin
 * (fallback defaults included), so by then `resolve(CACHE_STORE)` works.
 */
export function cacheProbe(): CacheProbe {
  let context: PluginContext | undefined;
  return {
    plugin: {
      name: 'legion-cli:cache-probe',
      onEnable(ctx) {
        context = ctx;
      },
      onDisable() {
        context = undefined;
      },
    },
    cache: () => (context?.has(CACHE_STORE) ? context.resolve(CACHE_STORE) : undefined),
    logger: () => context?.logger,
  };
}
