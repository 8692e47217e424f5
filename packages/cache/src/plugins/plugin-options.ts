import path from 'node:path';
import { CLOCK, ConfigurationError, quote, systemClock, type Clock, type PluginContext } from '@monkeyslegion/scheduler-core';

/** Throws a `ConfigurationError` naming the plugin and option unless `value` is a string or absent. */
export function expectOptionalString(plugin: string, option: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'string') {
    throw new ConfigurationError(`${plugin}(): option ${option} ${quote(value)} must be a string`, { value });
  }
}

/** Throws a `ConfigurationError` unless `options` is an object or absent. */
export function expectOptionsObject(plugin: string, options: unknown): void {
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    throw new ConfigurationError(`${plugin}(): options ${quote(options)} must be an object`, { value: options });
  }
}

/** The store namespace: the plugin's `prefix` option, else the app's `config.prefix` followed by `:`. */
export function storePrefix(context: PluginContext, prefix: string | undefined): string {
  return prefix ?? `${context.config.prefix}:`;
}

/** The application's clock when one is bound, else the system clock. */
export function contextClock(context: PluginContext): Clock {
  return context.has(CLOCK) ? context.resolve(CLOCK) : systemClock;
}

/** Resolves `file` against the config's folder, defaulting to `<dataDir>/scheduler.db`. */
export function resolveDataFile(context: PluginContext, file: string | undefined, fallbackName: string): string {
  return file === undefined ? path.join(context.config.dataDir, fallbackName) : path.resolve(context.config.baseDir, file);
}
