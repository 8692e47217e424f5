import path from 'node:path';
import { CLOCK, LOCK_PROVIDER, systemClock, type Plugin } from '@monkeyslegion/scheduler-core';
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
  let provider: FileLockProvider | undefined;
  return {
    name: 'file-locks',
    async onEnable(context) {
      const { FileLockProvider } = await import('../file/file-lock-provider.js');
      const dir =
        options.dir === undefined
          ? path.join(context.config.dataDir, 'locks')
          : path.resolve(context.config.baseDir, options.dir);
      provider = new FileLockProvider({ dir, clock: context.has(CLOCK) ? context.resolve(CLOCK) : systemClock });
      context.provide(LOCK_PROVIDER, provider);
    },
    async onDisable() {
      await provider?.close();
      provider = undefined;
    },
  };
}
