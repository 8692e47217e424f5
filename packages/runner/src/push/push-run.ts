import type { PushRequest } from '@monkeyslegion/scheduler-core';
import type { SchedulerRuntime } from '../boot/open-scheduler.js';
import { openScheduler, type OpenSchedulerOptions } from '../boot/open-scheduler.js';

/**
 * Queues an ad-hoc run of a registered task through the driver and returns the pushed run's id.
 * Unknown task ids are rejected here (`UnknownTaskError` with a "did you mean"), before anything is
 * queued; the driver rejects payloads that are not plain, bounded JSON (`InvalidPayloadError`).
 */
export async function pushRun(scheduler: SchedulerRuntime, request: PushRequest): Promise<string> {
  scheduler.app.registry.get(request.taskId);
  return scheduler.driver.push(request);
}

/** A long-lived handle for apps that push runs (e.g. from a web request handler). */
export interface Pusher {
  /** Queues a run of `taskId` with an optional JSON payload; returns the pushed run's id. */
  push(taskId: string, payload?: unknown, options?: Pick<PushRequest, 'runAt' | 'dedupeKey'>): Promise<string>;
  /** Closes the connections. */
  close(): Promise<void>;
}

/**
 * Opens the scheduler's config once and returns a `Pusher`, so an app can ask for runs "now" from
 * anywhere; the daemon picks them up within milliseconds with a blocking driver (Redis), or at its
 * next pulse with SQL polling.
 *
 * @example
 * const pusher = await createPusher({ cwd: '/srv/app' });
 * await pusher.push('send-invoice', { invoiceId: 42 });
 */
export async function createPusher(options: OpenSchedulerOptions = {}): Promise<Pusher> {
  const scheduler = await openScheduler(options);
  return {
    push: (taskId, payload, extra = {}) => pushRun(scheduler, { taskId, ...(payload === undefined ? {} : { payload }), ...extra }),
    close: () => scheduler.close(),
  };
}
