/** Who holds a lock: enough to find and judge the owner from another process or host. */
export interface LockOwner {
  /** Host name of the owning process. */
  host: string;
  /** Process id of the owning process on `host`. */
  pid: number;
  /** Run id of the task run holding the lock, when it is a task run. */
  runId?: string;
}

/** A held lock. Only the lease's owner token can extend or release it. */
export interface Lease {
  /** The lock key. */
  readonly key: string;
  /** Random owner token; release and extend succeed only while the stored token equals it. */
  readonly token: string;
  /** When the lock expires unless extended (updated by `extend`). */
  readonly expiresAt: Date;
  /** Pushes expiry to now + `ttlMs`; `false` when the lock is no longer ours (expired — even if nobody took it —, taken, or force-released). */
  extend(ttlMs: number): Promise<boolean>;
  /** Releases the lock; `false` when it was no longer ours (nothing else is touched). */
  release(): Promise<boolean>;
}

/** A lock as seen by `list()`. */
export interface HeldLock {
  /** The lock key. */
  key: string;
  /** Who holds it. */
  owner: LockOwner;
  /** When it was acquired, when the backend knows. */
  acquiredAt: Date | null;
  /** When it expires. */
  expiresAt: Date;
}

/**
 * Atomic, owned, expiring locks. Contention is not an error: `acquire` returns `null`.
 * Checked by the conformance suite in `@monkeyslegion/scheduler-locks/testing`.
 */
export interface LockProvider {
  /** Human-readable backend name, e.g. `redis` or `file`. */
  readonly name: string;
  /** Takes `key` for `ttlMs` milliseconds when free (or expired); `null` when someone else holds it. */
  acquire(key: string, ttlMs: number, owner?: Partial<LockOwner>): Promise<Lease | null>;
  /** Removes `key` whoever holds it (operator action); `true` when a lock was removed. */
  forceRelease(key: string): Promise<boolean>;
  /** Lists live locks whose key starts with the literal `prefix` (default: all). */
  list(prefix?: string): Promise<HeldLock[]>;
  /** Releases connections and handles; held leases are left to expire. Calling it twice is harmless. */
  close(): Promise<void>;
}
