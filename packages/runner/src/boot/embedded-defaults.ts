import path from 'node:path';
import { CACHE_STORE, DRIVER, LOCK_PROVIDER, type Plugin } from '@monkeyslegion/scheduler-core';
import { sqliteCache } from '@monkeyslegion/scheduler-cache';
import { fileLocks } from '@monkeyslegion/scheduler-locks';
import { sqlDriver } from '@monkeyslegion/scheduler-drivers';
import { whenMissing } from './when-missing.js';

/** File name of the embedded default's SQLite database inside the data folder. */
export const EMBEDDED_DATABASE = 'scheduler.db';

/**
 * The zero-service default composed after the config's plugins: a SQLite cache and a SQLite driver in
 * `<dataDir>/scheduler.db` and file locks in `<dataDir>/locks/` — each only when no plugin provided one.
 */
export function embeddedDefaults(dataDir: string): Plugin[] {
  return [
    whenMissing(CACHE_STORE, sqliteCache({ file: path.join(dataDir, EMBEDDED_DATABASE) })),
    whenMissing(LOCK_PROVIDER, fileLocks({ dir: path.join(dataDir, 'locks') })),
    whenMissing(DRIVER, sqlDriver({ url: `sqlite:${path.join(dataDir, EMBEDDED_DATABASE)}` })),
  ];
}
