import { ConfigurationError, SchedulerError, quote, type SchedulerConfig } from '@monkeyslegion/scheduler-core';
import path from 'node:path';
import { typescriptImporter } from './typescript-importer.js';

/** A loaded configuration and where it came from. */
export interface LoadedConfig {
  /** The config object (the file's default export). */
  config: SchedulerConfig;
  /** Absolute path of the file. */
  file: string;
}

/**
 * Loads a `scheduler.config.{ts,mts,js,mjs}` (TypeScript without a build step) and checks that its
 * default export is a config object. Any failure is a `ConfigurationError` naming the file.
 */
export async function loadConfig(file: string): Promise<LoadedConfig> {
  const short = path.basename(file);
  let namespace: Record<string, unknown>;
  try {
    namespace = await typescriptImporter()(file);
  } catch (error) {
    if (error instanceof SchedulerError) throw error;
    const reason = (error as Error)?.message?.split('\n')[0] ?? String(error);
    throw new ConfigurationError(`Config: ${quote(short)} failed to load: ${reason}`, { value: file }, error);
  }
  const config = (namespace.default ?? namespace) as unknown;
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new ConfigurationError(`Config: ${quote(short)} must export default defineConfig({...}), got ${quote(config)}`, { value: file });
  }
  return { config: config as SchedulerConfig, file };
}
