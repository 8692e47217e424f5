import type { Logger } from 'pino';
import type { Schedule } from '../schedule/schedule.js';
import type { Plugin } from './plugin.js';

/** The user's scheduler configuration, the default export of `scheduler.config.ts`. */
export interface SchedulerConfig {
  /**
   * Default timezone of tasks (IANA name).
   * @default the system timezone
   */
  timezone?: string;
  /**
   * Folders (relative to the config file) scanned for `@Scheduled` classes.
   * @default []
   */
  discover?: string[];
  /**
   * Plugins enabled in order: stores, lock providers, drivers, anything else.
   * With no cache/lock/driver plugin the CLI composes the embedded default (SQLite + file locks).
   * @default []
   */
  plugins?: Plugin[];
  /** Registers tasks with the fluent API. */
  schedule?(schedule: Schedule): void | Promise<void>;
  /**
   * Environment name matched by `environments(...)`.
   * @default process.env.NODE_ENV ?? 'production'
   */
  environment?: string;
  /**
   * Namespace of every key, lock and queue of this app, so several apps can share one Redis.
   * @default 'legion'
   */
  prefix?: string;
  /**
   * Folder (relative to the config file) of the embedded default's SQLite database and file locks.
   * @default '.legion'
   */
  dataDir?: string;
  /**
   * How late (ms) a slot may still be started by a late pulse; older slots are recorded as missed.
   * @default 60000
   */
  graceMs?: number;
  /**
   * How long (ms) running tasks may take to finish when the scheduler is asked to stop.
   * @default 30000
   */
  shutdownGraceMs?: number;
  /**
   * Per-run cap (bytes) of output kept in memory; the tail is kept and the dropped amount reported.
   * @default 1048576
   */
  outputLimitBytes?: number;
  /** A pino logger to use instead of the default one. */
  logger?: Logger;
}

/**
 * Declares a scheduler configuration with full type checking; returns it unchanged.
 *
 * @example
 * export default defineConfig({
 *   timezone: 'UTC',
 *   schedule(schedule) {
 *     schedule.command('node scripts/backup.js').dailyAt('02:00').onOneServer();
 *   },
 * });
 */
export function defineConfig(config: SchedulerConfig): SchedulerConfig {
  return config;
}
