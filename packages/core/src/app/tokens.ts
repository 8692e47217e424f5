import { Token } from 'typedi';
import type { Logger } from 'pino';
import type { CacheStore } from '../contracts/cache-store.js';
import type { Clock } from '../contracts/clock.js';
import type { Driver } from '../contracts/driver.js';
import type { LockProvider } from '../contracts/lock-provider.js';
import type { EventBus } from '../events/event-bus.js';
import type { TaskRegistry } from '../registry/task-registry.js';
import type { ResolvedConfig } from './resolved-config.js';

// Tokens are compared by identity. Two copies of this module in one process (a duplicate install, or a
// TypeScript loader next to native imports) must still agree, so each token is created once per process.
const REGISTRY = Symbol.for('monkeyslegion.scheduler.tokens');

function processWideToken<T>(name: string): Token<T> {
  const holder = globalThis as unknown as Record<symbol, Map<string, Token<unknown>> | undefined>;
  const registry = (holder[REGISTRY] ??= new Map());
  let token = registry.get(name);
  if (!token) {
    token = new Token<T>(name);
    registry.set(name, token);
  }
  return token as Token<T>;
}

/** The cache store used for state, manifests and (with `cacheLocks()`) locks. */
export const CACHE_STORE = processWideToken<CacheStore>('monkeyslegion.scheduler.cache-store');
/** The lock provider used for overlap locks and one-server slot claims. */
export const LOCK_PROVIDER = processWideToken<LockProvider>('monkeyslegion.scheduler.lock-provider');
/** The driver that queues pushed runs. */
export const DRIVER = processWideToken<Driver>('monkeyslegion.scheduler.driver');
/** The pino logger. */
export const LOGGER = processWideToken<Logger>('monkeyslegion.scheduler.logger');
/** The event bus carrying `TaskStarting`, `TaskFinished`, `TaskFailed`, `TaskSkipped`. */
export const EVENT_BUS = processWideToken<EventBus>('monkeyslegion.scheduler.event-bus');
/** The registry of every task. */
export const TASK_REGISTRY = processWideToken<TaskRegistry>('monkeyslegion.scheduler.task-registry');
/** The clock (injectable for tests that skew or jump time). */
export const CLOCK = processWideToken<Clock>('monkeyslegion.scheduler.clock');
/** The resolved configuration. */
export const CONFIG = processWideToken<ResolvedConfig>('monkeyslegion.scheduler.config');
