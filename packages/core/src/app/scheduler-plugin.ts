import { AttributeScanner, type DiscoveredTask } from '../scanner/attribute-scanner.js';
import type { ModuleImporter } from '../scanner/module-importer.js';
import { Schedule } from '../schedule/schedule.js';
import type { SchedulerConfig } from './define-config.js';
import type { Plugin, PluginContext } from './plugin.js';
import type { ResolvedConfig } from './resolved-config.js';

/** What a task discovery receives: it runs after every provider plugin, so providers can be resolved. */
export interface TaskDiscoveryContext {
  /** The resolved configuration. */
  config: ResolvedConfig;
  /** The module loader. */
  importModule: ModuleImporter;
  /** Resolves a provider bound by a plugin (e.g. `CACHE_STORE` for a cached manifest). */
  resolve: PluginContext['resolve'];
  /** `true` when something is bound to the token. */
  has: PluginContext['has'];
  /** The application's logger. */
  logger: PluginContext['logger'];
}

/** How tasks are discovered: by scanning the configured folders, or from a prebuilt list (a manifest). */
export type TaskDiscovery = (context: TaskDiscoveryContext) => Promise<DiscoveredTask[]>;

/** Options of the scheduler's own plugin. */
export interface SchedulerPluginOptions {
  /** The user's configuration (its `schedule()` callback). */
  config: SchedulerConfig;
  /** Module loader used by discovery. */
  importModule: ModuleImporter;
  /** Replaces folder scanning. @default scan `config.discover` */
  discovery?: TaskDiscovery;
  /** Receives what discovery found (kept by the application for manifests). */
  onDiscovered?(tasks: DiscoveredTask[]): void;
}

/**
 * The scheduler registers its own tasks in its `onEnable` — `@Scheduled` discovery first, then the
 * config's `schedule()` callback — after every provider plugin, so providers can be used by tasks' hooks.
 */
export function schedulerPlugin(options: SchedulerPluginOptions): Plugin {
  return {
    name: 'scheduler',
    async onEnable(ctx) {
      const discovery: TaskDiscovery =
        options.discovery ??
        (({ config, importModule }) =>
          new AttributeScanner(importModule).scan(config.discover, { timezone: config.timezone, baseDir: config.baseDir }));
      const discovered = await discovery({
        config: ctx.config,
        importModule: options.importModule,
        resolve: ctx.resolve,
        has: ctx.has,
        logger: ctx.logger,
      });
      options.onDiscovered?.(discovered);
      ctx.registry.addAll(discovered.map((entry) => entry.task));
      if (options.config.schedule) {
        const schedule = new Schedule({ timezone: ctx.config.timezone, baseDir: ctx.config.baseDir });
        await options.config.schedule(schedule);
        ctx.registry.addAll(schedule.build(ctx.config.configFile));
      }
    },
  };
}
