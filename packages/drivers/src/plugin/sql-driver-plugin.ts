import { DRIVER, type Driver, type Plugin, type PluginContext } from '@monkeyslegion/scheduler-core';
import type { PayloadLimits } from '../payload/payload-limits.js';
import { parseSqlUrl } from '../sql/parse-sql-url.js';
import { sqlTablePrefix } from '../sql/sql-schema.js';

/** Options of the `sqlDriver()` plugin. */
export interface SqlDriverPluginOptions {
  /** `sqlite:<file>` (relative to the config's folder) or `postgres://…`/`postgresql://…`. */
  url: string;
  /**
   * Table name prefix.
   * @default the config's prefix made SQL-safe, e.g. `legion_`
   */
  prefix?: string;
  /**
   * PostgreSQL schema holding the tables.
   * @default the connection's search_path
   */
  schema?: string;
  /**
   * Bound on connecting (PostgreSQL) or waiting for a lock (SQLite), in milliseconds.
   * @default 5000
   */
  connectTimeoutMs?: number;
  /**
   * Payload size and depth limits.
   * @default { maxBytes: 65536, maxDepth: 32 }
   */
  payloadLimits?: Partial<PayloadLimits>;
}

/**
 * Plugin that provides a SQL driver (SQLite or PostgreSQL) for pushed runs under the `DRIVER` token.
 * better-sqlite3 or pg is loaded only when the plugin is enabled, and only the one the URL names.
 *
 * @example
 * export default defineConfig({ plugins: [sqlDriver({ url: 'postgres://scheduler@db/app' })] });
 * @throws ConfigurationError at config time for a URL that is neither `sqlite:` nor `postgres://`.
 */
export function sqlDriver(options: SqlDriverPluginOptions): Plugin {
  // Fail while the config loads, not when the daemon first pushes.
  parseSqlUrl(options?.url);
  // One instance per application: the same plugin object may be enabled by two runtimes in one process.
  const instances = new WeakMap<PluginContext, Driver>();
  return {
    name: 'sql-driver',
    async onEnable(context) {
      const { SqlDriver } = await import('../sql/sql-driver.js');
      const driver = new SqlDriver({
        ...options,
        baseDir: context.config.baseDir,
        prefix: options.prefix ?? sqlTablePrefix(context.config.prefix),
        onMalformed: (run) => context.logger.warn({ runId: run.id, taskId: run.taskId, reason: run.reason }, 'malformed pushed run failed'),
      });
      instances.set(context, driver);
      context.provide(DRIVER, driver);
    },
    async onDisable(context) {
      await instances.get(context)?.close();
      instances.delete(context);
    },
  };
}
