import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Container, type ContainerInstance, type Token } from 'typedi';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../contracts/clock.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { quote, SchedulerError } from '../errors/scheduler-error.js';
import { EventBus } from '../events/event-bus.js';
import { TaskRegistry } from '../registry/task-registry.js';
import type { DiscoveredTask } from '../scanner/attribute-scanner.js';
import { nativeImporter, type ModuleImporter } from '../scanner/module-importer.js';
import { createLogger } from './create-logger.js';
import type { SchedulerConfig } from './define-config.js';
import type { Plugin, PluginContext } from './plugin.js';
import { resolveConfig, type ConfigOrigin } from './resolve-config.js';
import type { ResolvedConfig } from './resolved-config.js';
import { schedulerPlugin, type TaskDiscovery } from './scheduler-plugin.js';
import { CLOCK, CONFIG, EVENT_BUS, LOGGER, TASK_REGISTRY } from './tokens.js';

/** Options for booting an `Application`. */
export interface ApplicationOptions extends ConfigOrigin {
  /** Logger to use. @default config.logger, else JSON lines on stderr */
  logger?: Logger;
  /** Clock to use. @default the system clock */
  clock?: Clock;
  /** Module loader for discovery (the CLI passes a TypeScript-aware one). @default native `import()` */
  importModule?: ModuleImporter;
  /** Replaces folder scanning (e.g. a cached manifest). @default scan `config.discover` */
  discovery?: TaskDiscovery;
  /**
   * Plugins enabled after the config's own plugins and before task registration, e.g. the CLI's
   * embedded default, which only provides what the config's plugins did not.
   * @default []
   */
  fallbackPlugins?: Plugin[];
  /** Skip task registration entirely (commands that only need the providers). @default false */
  skipTasks?: boolean;
  /**
   * Enable the config's plugins and the fallback plugins. Task child processes pass `false`: they only
   * need the tasks, and must not open a connection per run.
   * @default true
   */
  enablePlugins?: boolean;
}

/**
 * The kernel: one typedi container, the task registry, the event bus, the logger and the plugins.
 * Plugins are enabled in order, then the scheduler registers its tasks (discovery + `schedule()`),
 * and `shutdown()` disables plugins in reverse order.
 *
 * @example
 * const app = await Application.boot(config, { configFile: '/srv/app/scheduler.config.ts' });
 * app.registry.get('backup').nextRunAt();
 * await app.shutdown();
 */
export class Application {
  /** The application's own container. */
  readonly container: ContainerInstance;
  /** Every registered task. */
  readonly registry = new TaskRegistry();
  /** Lifecycle events. */
  readonly events = new EventBus();
  /** Where each discovered class task came from. */
  readonly discovered: DiscoveredTask[] = [];
  private readonly enabled: Plugin[] = [];
  private readonly context: PluginContext;
  private stopped = false;

  private constructor(
    /** The resolved configuration. */
    readonly config: ResolvedConfig,
    /** The logger. */
    readonly logger: Logger,
    /** The clock. */
    readonly clock: Clock,
  ) {
    this.container = Container.of(`monkeyslegion-scheduler-${randomUUID()}`);
    this.context = {
      container: this.container,
      registry: this.registry,
      events: this.events,
      logger: this.logger,
      config: this.config,
      provide: (token, value) => this.provide(token, value),
      resolve: (token) => this.resolve(token),
      has: (token) => this.has(token),
    };
    this.provide(LOGGER, logger);
    this.provide(EVENT_BUS, this.events);
    this.provide(TASK_REGISTRY, this.registry);
    this.provide(CLOCK, clock);
    this.provide(CONFIG, config);
  }

  /** Resolves the configuration, enables the plugins and registers every task. */
  static async boot(config: SchedulerConfig, options: ApplicationOptions = {}): Promise<Application> {
    const resolved = resolveConfig(config, options);
    const logger = options.logger ?? config.logger ?? createLogger();
    const app = new Application(resolved, logger, options.clock ?? systemClock);
    const plugins = options.enablePlugins === false ? [] : [...(config.plugins ?? []), ...(options.fallbackPlugins ?? [])];
    if (!options.skipTasks) {
      plugins.push(
        schedulerPlugin({
          config,
          importModule: options.importModule ?? nativeImporter,
          discovery: options.discovery,
          onDiscovered: (tasks) => app.discovered.push(...tasks),
        }),
      );
    }
    try {
      for (const plugin of plugins) await app.enable(plugin);
    } catch (error) {
      await app.shutdown().catch(() => undefined);
      throw error;
    }
    return app;
  }

  /** Binds `value` to `token`. */
  provide<T>(token: Token<T>, value: T): void {
    this.container.set({ id: token, value });
  }

  /** The value bound to `token`; a `ConfigurationError` naming the token when nothing is bound. */
  resolve<T>(token: Token<T>): T {
    if (!this.container.has(token)) {
      throw new ConfigurationError(`Application: nothing provides ${quote(token.name ?? 'token')}; enable a plugin that provides it`, {
        value: token.name,
      });
    }
    return this.container.get(token);
  }

  /** `true` when something is bound to `token`. */
  has(token: Token<unknown>): boolean {
    return this.container.has(token);
  }

  /** Builds an instance of a task class through the container (constructor injection by type). */
  instantiate<T>(taskClass: abstract new (...args: never[]) => T): T {
    return this.container.get(taskClass as unknown as new () => T);
  }

  /** Disables the enabled plugins in reverse order; every plugin gets its turn even if one throws. */
  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const errors: unknown[] = [];
    for (const plugin of [...this.enabled].reverse()) {
      try {
        await plugin.onDisable?.(this.context);
      } catch (error) {
        errors.push(error);
        this.logger.error({ err: error, plugin: plugin.name }, 'plugin failed to disable');
      }
    }
    this.container.reset({ strategy: 'resetValue' });
    if (errors.length > 0) throw new AggregateError(errors, `Application: ${errors.length} plugin(s) failed to disable`);
  }

  private async enable(plugin: Plugin): Promise<void> {
    try {
      await plugin.onEnable(this.context);
    } catch (error) {
      if (error instanceof SchedulerError) throw error;
      throw new ConfigurationError(`Plugin ${quote(plugin.name)} failed to enable: ${(error as Error)?.message ?? String(error)}`, {
        value: plugin.name,
      }, error);
    }
    this.enabled.push(plugin);
  }
}
