import type { HeldLock } from '@monkeyslegion/scheduler-core';
import { OVERLAP_LOCK_PREFIX, slotClaimKey } from '@monkeyslegion/scheduler-locks';
import { RedisLockProvider } from '@monkeyslegion/scheduler-locks/redis';

/**
 * Reads the locks and slot claims a cluster holds in its Redis, the way `schedule:clear-locks` and
 * `schedule:list` see them (through the lock provider's own `list`), to tell who held what when a
 * daemon was killed.
 */
export class LockInspector {
  private readonly provider: RedisLockProvider;

  constructor(redisUrl: string, appPrefix: string) {
    // The redisLocks() plugin's default namespace for a config prefix.
    this.provider = new RedisLockProvider({ url: redisUrl, prefix: `${appPrefix}:lock:` });
  }

  /** Overlap locks held right now. */
  overlapLocks(): Promise<HeldLock[]> {
    return this.provider.list(OVERLAP_LOCK_PREFIX);
  }

  /** The owner of the cluster claim of one slot, or `null` when nobody claimed it (or the claim expired). */
  async claimOf(taskId: string, slot: number): Promise<HeldLock | null> {
    const key = slotClaimKey({ taskId, slot: new Date(slot), scope: 'cluster' });
    const held = await this.provider.list(key);
    return held.find((lock) => lock.key === key) ?? null;
  }

  close(): Promise<void> {
    return this.provider.close();
  }
}
