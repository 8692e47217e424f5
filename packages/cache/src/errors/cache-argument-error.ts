import { SchedulerError, quote } from '@monkeyslegion/scheduler-core';

/** A cache store method was called with an invalid argument (a non-string key, a bad TTL or increment). */
export class CacheArgumentError extends SchedulerError {
  constructor(store: string, argument: string, value: unknown, expectation: string) {
    super('CACHE_ARGUMENT', `${store}: ${argument} ${describe(value)} must be ${expectation}`, { context: { argument, value } });
  }
}

function describe(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return `"${value}"`;
  if (value === undefined) return 'undefined';
  return quote(value);
}
