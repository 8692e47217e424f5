import { Token } from 'typedi';
import type { Logger } from 'pino';
import type { CacheStore } from '../contracts/cache-store.js';
import type { Clock } from '../contracts/clock.js';
import type { Driver } from '../contracts/driver.js';
import type { LockProvider } from '../contracts/lock-provider.js';
import type { EventBus } from '../events/event-bus.js';
import type { TaskRegistry } from '../registry/task-registry.js';
import type { ResolvedConfig } from './resolved-config.js';

/** The cache store used for state, manifests and (with `cacheLocks()`) locks. */
export const CACHE_STORE = new Token<CacheStore>('monkeyslegion.scheduler.cache-store');
/** The lock provider used for overlap locks and one-server slot claims. */
export const LOCK_PROVIDER = new Token<LockProvider>('monkeyslegion.scheduler.lock-provider');
/** The driver that queues pushed runs. */
export const DRIVER = new Token<Driver>('monkeyslegion.scheduler.driver');
/** The pino logger. */
export const LOGGER = new Token<Logger>('monkeyslegion.scheduler.logger');
/** The event bus carrying `TaskStarting`, `TaskFinished`, `TaskFailed`, `TaskSkipped`. */
export const EVENT_BUS = new Token<EventBus>('monkeyslegion.scheduler.event-bus');
/** The registry of every task. */
export const TASK_REGISTRY = new Token<TaskRegistry>('monkeyslegion.scheduler.task-registry');
/** The clock (injectable for tests that skew or jump time). */
export const CLOCK = new Token<Clock>('monkeyslegion.scheduler.clock');
/** The resolved configuration. */
export const CONFIG = new Token<ResolvedConfig>('monkeyslegion.scheduler.config');
