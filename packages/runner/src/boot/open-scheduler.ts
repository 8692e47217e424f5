import os from 'node:os';
import {
  Application,
  CACHE_STORE,
  DRIVER,
  LOCK_PROVIDER,
  resolveConfig,
  systemClock,
  type CacheStore,
  type Clock,
  type Driver,
  type LockProvider,
  type TaskDiscovery,
} from '@monkeyslegion/scheduler-core';
import type { Logger } from 'pino';
import { findConfigFile } from '../config/find-config-file.js';
import { loadConfig } from '../config/load-config.js';
import { typescriptImporter } from '../config/typescript-importer.js';
import { TaskRunner } from '../run/task-runner.js';
import { InterruptRequests } from '../state/interrupt-requests.js';
import { RunningRegistry } from '../state/running-registry.js';
import { TaskStateStore } from '../state/task-state-store.js';
import { embeddedDefaults } from './embedded-defaults.js';

/** Options of `openScheduler`. */
export interface OpenSchedulerOptions {
  /** Folder searched for `scheduler.config.*`. @default process.cwd() */
  cwd?: string;
  /** Explicit config file (`--config`), relative to `cwd`. */
  configFile?: string;
  /** Logger. @default the config's logger, else JSON lines on stderr */
  logger?: Logger;
  /** Clock (tests inject one to skew or jump time). @default the system clock */
  clock?: Clock;
  /** This host's identity in locks and claims. @default $LEGION_HOST, else os.hostname() */
  host?: string;
  /** Replaces folder scanning (a cached manifest). */
  discovery?: TaskDiscovery;
  /** Time between SIGTERM and SIGKILL when a run is stopped. @default 5000 */
  killGraceMs?: number;
}

/** A booted scheduler: the application plus the providers and collaborators every command uses. */
export interface SchedulerRuntime {
  readonly app: Application;
  readonly cache: CacheStore;
  readonly locks: LockProvider;
  readonly driver: Driver;
  readonly state: TaskStateStore;
  readonly running: RunningRegistry;
  readonly interrupts: InterruptRequests;
  readonly runner: TaskRunner;
  readonly host: string;
  readonly clock: Clock;
  /** Disables every plugin (closing connections); call once. */
  close(): Promise<void>;
}

/**
 * Finds and loads the config, boots the application with the config's plugins followed by the embedded
 * default (SQLite + file locks, only for what no plugin provided), and wires the runner.
 *
 * @example
 * const scheduler = await openScheduler({ cwd: '/srv/app' });
 * try { console.log(scheduler.app.registry.size); } finally { await scheduler.close(); }
 */
export async function openScheduler(options: OpenSchedulerOptions = {}): Promise<SchedulerRuntime> {
  const cwd = options.cwd ?? process.cwd();
  const file = await findConfigFile(cwd, options.configFile);
  const { config } = await loadConfig(file);
  const dataDir = resolveConfig(config, { configFile: file }).dataDir;
  const clock = options.clock ?? systemClock;
  const app = await Application.boot(config, {
    configFile: file,
    logger: options.logger,
    clock,
    importModule: typescriptImporter(),
    discovery: options.discovery,
    fallbackPlugins: embeddedDefaults(dataDir),
  });
  const cache = app.resolve(CACHE_STORE);
  const locks = app.resolve(LOCK_PROVIDER);
  const driver = app.resolve(DRIVER);
  const host = options.host ?? process.env.LEGION_HOST ?? os.hostname();
  const state = new TaskStateStore(cache);
  const running = new RunningRegistry(cache);
  const interrupts = new InterruptRequests(cache);
  const runner = new TaskRunner({ config: app.config, events: app.events, logger: app.logger, locks, state, running, interrupts, host, killGraceMs: options.killGraceMs });
  let closed: Promise<void> | undefined;
  return {
    app,
    cache,
    locks,
    driver,
    state,
    running,
    interrupts,
    runner,
    host,
    clock,
    close: () => (closed ??= app.shutdown()),
  };
}
