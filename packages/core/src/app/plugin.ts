import type { ContainerInstance, Token } from 'typedi';
import type { Logger } from 'pino';
import type { EventBus } from '../events/event-bus.js';
import type { TaskRegistry } from '../registry/task-registry.js';
import type { ResolvedConfig } from './resolved-config.js';

/** What a plugin receives in `onEnable`/`onDisable`. */
export interface PluginContext {
  /** The application's own typedi container. */
  readonly container: ContainerInstance;
  /** The task registry; plugins may register tasks. */
  readonly registry: TaskRegistry;
  /** The event bus. */
  readonly events: EventBus;
  /** The logger. */
  readonly logger: Logger;
  /** The resolved configuration (base directory, prefix, timezone …). */
  readonly config: ResolvedConfig;
  /** Binds `value` to `token` in the container. */
  provide<T>(token: Token<T>, value: T): void;
  /** Returns the value bound to `token`; throws a `ConfigurationError` naming the token when missing. */
  resolve<T>(token: Token<T>): T;
  /** `true` when something is bound to `token`. */
  has(token: Token<unknown>): boolean;
}

/**
 * A plain-object plugin, enabled in config order. `onEnable` binds implementations to the typed tokens
 * (`CACHE_STORE`, `LOCK_PROVIDER`, `DRIVER` …) and may register tasks; `onDisable` runs in reverse order.
 *
 * @example
 * const plugin: Plugin = { name: 'audit', onEnable: (ctx) => ctx.events.on(TaskFailed, report) };
 */
export interface Plugin {
  /** Unique, human-readable name used in logs and errors. */
  readonly name: string;
  /** Called once when the application boots. */
  onEnable(context: PluginContext): void | Promise<void>;
  /** Called once when the application shuts down, in reverse enable order. */
  onDisable?(context: PluginContext): void | Promise<void>;
}
