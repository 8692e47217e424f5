import { ConfigurationError, DRIVER, quote, redactUrl, type Driver, type Plugin, type PluginContext } from '@monkeyslegion/scheduler-core';
import type { Redis } from 'ioredis';
import type { PayloadLimits } from '../payload/payload-limits.js';

/** Options of the `redisDriver()` plugin; give either `url` or `client`. */
export interface RedisDriverPluginOptions {
  /** `redis://` or `rediss://` URL. */
  url?: string;
  /** A caller-owned ioredis client, left open when the application stops. */
  client?: Redis;
  /**
   * Key namespace.
   * @default `${config.prefix}:`
   */
  prefix?: string;
  /**
   * Bound on connecting and on every command, in milliseconds.
   * @default 5000
   */
  connectTimeoutMs?: number;
  /**
   * Payload size and depth limits.
   * @default { maxBytes: 65536, maxDepth: 32 }
   */
  payloadLimits?: Partial<PayloadLimits>;
  /**
   * How many failed runs are kept for inspection.
   * @default 1000
   */
  failedHistory?: number;
}

/**
 * Plugin that provides a Redis Streams driver for pushed runs under the `DRIVER` token. ioredis is
 * loaded only when the plugin is enabled.
 *
 * @example
 * export default defineConfig({ plugins: [redisDriver({ url: process.env.REDIS_URL })] });
 */
export function redisDriver(options: RedisDriverPluginOptions): Plugin {
  if (!options || !options.url === !options.client) throw new ConfigurationError('redisDriver: give exactly one of `url` or `client`');
  if (options.url !== undefined && !/^rediss?:\/\//i.test(options.url)) {
    throw new ConfigurationError(`redisDriver: url ${quote(redactUrl(options.url))} must start with redis:// or rediss://`, { value: redactUrl(options.url) });
  }
  // One instance per application: the same plugin object may be enabled by two runtimes in one process.
  const instances = new WeakMap<PluginContext, Driver>();
  return {
    name: 'redis-driver',
    async onEnable(context) {
      const { RedisDriver } = await import('../redis/redis-driver.js');
      const driver = new RedisDriver({
        ...options,
        prefix: options.prefix ?? `${context.config.prefix}:`,
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
