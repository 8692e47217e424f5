import { AttributeScanner, CACHE_STORE, type CacheStore, type DiscoveredTask, type TaskDiscovery } from '@monkeyslegion/scheduler-core';
import type { Logger } from 'pino';
import { buildManifest } from './build-manifest.js';
import { ManifestStore } from './manifest-store.js';
import { restoreManifestTasks } from './restore-manifest-tasks.js';
import { fingerprintDifference, fingerprintSources } from './source-fingerprint.js';

/** What a manifest discovery did. */
export type ManifestDiscoveryOutcome =
  /** The manifest was fresh: tasks were rebuilt from it, no task file was imported. */
  | { readonly state: 'fresh'; readonly tasks: number }
  /** The manifest was stale (`reason` names the first difference): the folders were scanned and it was rewritten. */
  | { readonly state: 'stale'; readonly tasks: number; readonly reason: string }
  /** `mode: 'rebuild'`: the folders were scanned and the manifest written. */
  | { readonly state: 'written'; readonly tasks: number }
  /** No manifest (or no cache store to hold one): the folders were scanned, nothing was written. */
  | { readonly state: 'absent'; readonly tasks: number };

/** Options of `manifestDiscovery`. */
export interface ManifestDiscoveryOptions {
  /**
   * The cache store holding the manifest.
   * @default the application's `CACHE_STORE` (discovery runs after every provider plugin); none bound: the folders are scanned
   */
  cache?: CacheStore;
  /**
   * Logger told when a stale manifest is rebuilt.
   * @default the application's logger
   */
  logger?: Logger;
  /**
   * `auto`: use a fresh manifest, rebuild a stale one, just scan when there is none.
   * `rebuild`: always scan and write the manifest (`schedule:optimize`).
   * @default 'auto'
   */
  mode?: 'auto' | 'rebuild';
  /** Receives what happened (commands print it). */
  onOutcome?(outcome: ManifestDiscoveryOutcome): void;
}

/**
 * A `TaskDiscovery` backed by the task manifest in the cache store. A fresh manifest (every fingerprint
 * equal) gives the tasks without importing a single task file; a stale one is never used: the folders
 * are scanned, the manifest is rewritten and the rebuild is logged.
 *
 * @example
 * const scheduler = await openScheduler({ discovery: manifestDiscovery() });
 */
export function manifestDiscovery(options: ManifestDiscoveryOptions = {}): TaskDiscovery {
  const mode = options.mode ?? 'auto';
  return async ({ config, importModule, resolve, has, logger: appLogger }) => {
    const scan = () => new AttributeScanner(importModule).scan(config.discover, { timezone: config.timezone, baseDir: config.baseDir });
    const report = (outcome: ManifestDiscoveryOutcome, tasks: DiscoveredTask[]) => {
      options.onOutcome?.(outcome);
      return tasks;
    };
    const cache = options.cache ?? (has(CACHE_STORE) ? resolve(CACHE_STORE) : undefined);
    const logger = options.logger ?? appLogger;
    if (!cache) {
      const tasks = await scan();
      return report({ state: 'absent', tasks: tasks.length }, tasks);
    }
    const store = new ManifestStore(cache);
    const stored = mode === 'rebuild' ? null : await store.read();
    if (stored === null && mode === 'auto') {
      const tasks = await scan();
      return report({ state: 'absent', tasks: tasks.length }, tasks);
    }
    // Fingerprint before scanning: a file edited during the scan then makes the next start rescan.
    const sources = await fingerprintSources(config);
    let reason = stored === undefined ? 'the stored manifest is not readable' : null;
    if (stored) {
      reason = fingerprintDifference(stored.sources, sources);
      if (reason === null) {
        try {
          const tasks = restoreManifestTasks(stored);
          return report({ state: 'fresh', tasks: tasks.length }, tasks);
        } catch (error) {
          reason = `a stored task is invalid (${(error as Error).message})`;
        }
      }
    }
    const tasks = await scan();
    await store.write(buildManifest(tasks, sources));
    if (reason === null) return report({ state: 'written', tasks: tasks.length }, tasks);
    logger?.warn({ reason, tasks: tasks.length }, `task manifest was stale (${reason}): scanned the discover folders and rewrote it`);
    return report({ state: 'stale', tasks: tasks.length, reason }, tasks);
  };
}

/** Removes the cached manifest from `cache`; `true` when there was one. */
export function clearManifest(cache: CacheStore): Promise<boolean> {
  return new ManifestStore(cache).clear();
}
