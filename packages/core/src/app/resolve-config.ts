import path from 'node:path';
import { assertTimezone } from '../cron/timezone.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { quote } from '../errors/scheduler-error.js';
import type { SchedulerConfig } from './define-config.js';
import type { ResolvedConfig } from './resolved-config.js';

/** Where a configuration came from. */
export interface ConfigOrigin {
  /** Absolute path of the config file, when loaded from one. */
  configFile?: string | null;
  /** Base directory; defaults to the config file's folder, else the current directory. */
  baseDir?: string;
}

const KNOWN_KEYS = new Set([
  'timezone', 'discover', 'plugins', 'schedule', 'environment', 'prefix', 'dataDir',
  'graceMs', 'shutdownGraceMs', 'outputLimitBytes', 'logger',
]);

/** Applies defaults to a `SchedulerConfig` and validates every field, naming the bad key and value. */
export function resolveConfig(config: SchedulerConfig, origin: ConfigOrigin = {}): ResolvedConfig {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new ConfigurationError(`Config: expected an object from defineConfig(), got ${quote(config)}`, { value: config });
  }
  for (const key of Object.keys(config)) {
    if (!KNOWN_KEYS.has(key)) {
      throw new ConfigurationError(`Config: unknown option ${quote(key)} (known: ${[...KNOWN_KEYS].join(', ')})`, { value: key });
    }
  }
  const configFile = origin.configFile ? path.resolve(origin.configFile) : null;
  const baseDir = path.resolve(origin.baseDir ?? (configFile ? path.dirname(configFile) : process.cwd()));
  const timezone = config.timezone === undefined ? systemTimezone() : assertTimezone(expectString('timezone', config.timezone));
  const prefix = config.prefix === undefined ? 'legion' : expectString('prefix', config.prefix);
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(prefix)) {
    throw new ConfigurationError(`Config: prefix ${quote(prefix)} must be 1-64 characters of A-Z a-z 0-9 _ . -`, { value: prefix });
  }
  if (config.discover !== undefined && (!Array.isArray(config.discover) || config.discover.some((entry) => typeof entry !== 'string'))) {
    throw new ConfigurationError(`Config: discover ${quote(config.discover)} must be an array of folder paths`, { value: config.discover });
  }
  if (config.plugins !== undefined && !Array.isArray(config.plugins)) {
    throw new ConfigurationError(`Config: plugins ${quote(config.plugins)} must be an array`, { value: config.plugins });
  }
  for (const plugin of config.plugins ?? []) {
    if (!plugin || typeof plugin !== 'object' || typeof plugin.name !== 'string' || typeof plugin.onEnable !== 'function') {
      throw new ConfigurationError(`Config: plugin ${quote(plugin)} must be an object with a name and an onEnable function`, { value: plugin });
    }
  }
  if (config.schedule !== undefined && typeof config.schedule !== 'function') {
    throw new ConfigurationError(`Config: schedule ${quote(config.schedule)} must be a function (schedule) => void`, { value: config.schedule });
  }
  return Object.freeze({
    baseDir,
    configFile,
    timezone,
    environment: config.environment === undefined ? (process.env.NODE_ENV ?? 'production') : expectString('environment', config.environment),
    prefix,
    discover: Object.freeze((config.discover ?? []).map((folder) => path.resolve(baseDir, folder))),
    dataDir: path.resolve(baseDir, config.dataDir === undefined ? '.legion' : expectString('dataDir', config.dataDir)),
    graceMs: expectDuration('graceMs', config.graceMs, 60_000),
    shutdownGraceMs: expectDuration('shutdownGraceMs', config.shutdownGraceMs, 30_000),
    outputLimitBytes: expectDuration('outputLimitBytes', config.outputLimitBytes, 1024 * 1024),
  });
}

function systemTimezone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function expectString(key: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigurationError(`Config: ${key} ${quote(value)} must be a non-empty string`, { value });
  }
  return value;
}

function expectDuration(key: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ConfigurationError(`Config: ${key} ${quote(value)} must be a non-negative integer`, { value });
  }
  return value;
}
