import { createLogger, type TaskDiscovery } from '@monkeyslegion/scheduler-core';
import type { ManifestDiscoveryOutcome, SchedulerRuntime } from '@monkeyslegion/scheduler-runner';
import type { CliIo } from './cli-io.js';
import type { GlobalOptions } from './global-options.js';
import { loadRunner } from './load-runner.js';

/** How a command wants its tasks discovered. */
export type DiscoveryMode =
  /** Use a fresh manifest, rebuild a stale one, scan when there is none. */
  | 'manifest'
  /** Scan and (re)write the manifest (`schedule:optimize`). */
  | 'rebuild-manifest'
  /** Do not discover `@Scheduled` classes at all (commands that only need the providers). */
  | 'none';

/** Options of `bootScheduler`. */
export interface BootOptions {
  /** Level of the default logger unless `--verbose` or `LEGION_LOG_LEVEL` say otherwise. @default 'warn' */
  logLevel?: 'info' | 'warn';
  /** @default 'manifest' */
  discovery?: DiscoveryMode;
  /** Receives what the manifest discovery did. */
  onManifest?(outcome: ManifestDiscoveryOutcome): void;
}

/**
 * Opens the scheduler the way every command does: the config from `--config` or the working directory,
 * the default logger at the command's level (a logger set in the config is left alone), and discovery
 * through the task manifest when one is cached.
 */
export async function bootScheduler(io: CliIo, globals: GlobalOptions, options: BootOptions = {}): Promise<SchedulerRuntime> {
  const { findConfigFile, loadConfig, manifestDiscovery, openScheduler } = await loadRunner();
  const file = await findConfigFile(io.cwd, globals.config);
  const { config } = await loadConfig(file);
  const logger = config.logger ? undefined : createLogger('legion');
  if (logger) logger.level = io.env.LEGION_LOG_LEVEL ?? (globals.verbose ? 'debug' : (options.logLevel ?? 'warn'));
  const mode = options.discovery ?? 'manifest';
  const discovery: TaskDiscovery =
    mode === 'none' ? async () => [] : manifestDiscovery({ mode: mode === 'manifest' ? 'auto' : 'rebuild', onOutcome: options.onManifest });
  return openScheduler({ cwd: io.cwd, configFile: file, logger, discovery });
}

/** Boots the scheduler, hands it to `use`, and always closes it (connections, file handles) afterwards. */
export async function withScheduler<T>(
  io: CliIo,
  globals: GlobalOptions,
  options: BootOptions,
  use: (scheduler: SchedulerRuntime) => Promise<T>,
): Promise<T> {
  const scheduler = await bootScheduler(io, globals, options);
  let result: T;
  try {
    result = await use(scheduler);
  } catch (error) {
    // The command's own error is the one to report; a close failure on top of it is only logged.
    await scheduler.close().catch((closeError: unknown) => scheduler.app.logger.error({ err: closeError }, 'closing the scheduler failed'));
    throw error;
  }
  await scheduler.close();
  return result;
}
