import { SchedulerError } from '@monkeyslegion/scheduler-core';

/** A cache store was used after `close()`. */
export class CacheClosedError extends SchedulerError {
  constructor(store: string, operation: string) {
    super('CACHE_CLOSED', `${store}: cannot ${operation}() after close()`, { context: { operation } });
  }
}
