import path from 'node:path';
import { CLOCK, LOCK_PROVIDER, systemClock, type Plugin, type PluginContext } from '@monkeyslegion/scheduler-core';
import type { FileLockProvider } from '../file/file-lock-provider.js';

/** Options of the `fileLocks()` plugin. */
export interface FileLocksOptions {
  /**
   * Lock folder; relative paths resolve against the config's folder.
   * @default `${config.dataDir}/locks` (e.g. '.legion/locks')
   */
  dir?: string;
}

/**
 * A plugin binding a `FileLockProvider` (lock files in one folder, for a single host) to `LOCK_PROVIDER`.
 *
 * @example
 * export default defineConfig({ plugins: [fileLocks({ dir: '.legion/locks' })] });
 */
export function fileLocks(options: FileLocksOptions = {}): Plugin {
  // One instance per application: the same plugin object may be enabled by two runtimes in one process.
  const instances = new WeakMap<PluginContext, FileLockProvider>();
  return {
    name: 'file-locks',
    async onEnable(context) {
      const { FileLockProvider } = await import('../file/file-lock-provider.js');
      const dir =
        options.dir === undefined
          ? path.join(context.config.dataDir, 'locks')
          : path.resolve(context.config.baseDir, options.dir);
      const provider = new FileLockProvider({ dir, clock: context.has(CLOCK) ? context.resolve(CLOCK) : systemClock });
      instances.set(context, provider);
      context.provide(LOCK_PROVIDER, provider);
    },
    async onDisable(context) {
      await instances.get(context)?.close();
      instances.delete(context);
    },
  };
}
