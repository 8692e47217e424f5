import type { CacheStore } from '@monkeyslegion/scheduler-core';

const PREFIX = 'interrupt:';
const TTL_MS = 10 * 60_000;

/**
 * Marks runs an operator asked to stop (`schedule:interrupt`), so the scheduler that spawned them records
 * `interrupted` rather than `failed` when the child dies of the signal.
 */
export class InterruptRequests {
  constructor(private readonly cache: CacheStore) {}

  /** Records that `runId` is being interrupted. */
  async request(runId: string): Promise<void> {
    await this.cache.put(PREFIX + runId, true, TTL_MS);
  }

  /** `true` (once) when `runId` was interrupted by request. */
  async consume(runId: string): Promise<boolean> {
    const requested = (await this.cache.get(PREFIX + runId)) === true;
    if (requested) await this.cache.forget(PREFIX + runId);
    return requested;
  }
}
