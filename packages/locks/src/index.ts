// The root never loads a backend: ioredis/redlock and the file and cache providers are reached through
// their plugin's dynamic import or through the `./redis`, `./file` and `./cache` subpaths.
export { decodeKeyPart, encodeKeyPart } from './keys/encode-key-part.js';
export type { CacheLocksOptions } from './plugins/cache-locks.js';
export { cacheLocks } from './plugins/cache-locks.js';
export type { FileLocksOptions } from './plugins/file-locks.js';
export { fileLocks } from './plugins/file-locks.js';
export type { RedisLocksOptions } from './plugins/redis-locks.js';
export { redisLocks } from './plugins/redis-locks.js';
export type {
  OverlapLock,
  OverlapLockLossReason,
  OverlapLockLostListener,
  OverlapLockTask,
} from './semantics/acquire-overlap-lock.js';
export { acquireOverlapLock } from './semantics/acquire-overlap-lock.js';
export type { SlotClaim, SlotClaimScope } from './semantics/claim-slot.js';
export { SLOT_CLAIM_PREFIX, claimSlot, slotClaimKey } from './semantics/claim-slot.js';
export { OVERLAP_LOCK_PREFIX, overlapLockKey } from './semantics/overlap-lock-key.js';
export type { CacheLockProvider, CacheLockProviderOptions } from './cache/cache-lock-provider.js';
export type { CompareAndSwapCacheStore } from './cache/compare-and-swap-cache-store.js';
export type { FileLockProvider, FileLockProviderOptions } from './file/file-lock-provider.js';
export type { RedisLockProvider, RedisLockProviderOptions } from './redis/redis-lock-provider.js';
