import type { Lease, LockOwner, LockProvider } from '@monkeyslegion/scheduler-core';
import { assertTtl } from '../lease/assert-lock-arguments.js';
import { overlapLockKey } from './overlap-lock-key.js';

/** Why a held overlap lock was lost. */
export type OverlapLockLossReason = 'taken' | 'expired';

/** Called once when a held overlap lock is lost; `error` is the last renewal failure, if any. */
export type OverlapLockLostListener = (reason: OverlapLockLossReason, error?: unknown) => void;

/** A held overlap lock that renews itself every TTL/3 until released or lost. */
export interface OverlapLock {
  /** The underlying lease (its `expiresAt` moves with every renewal). */
  readonly lease: Lease;
  /** `true` once a renewal found the lock taken or let it expire; exclusivity is no longer guaranteed. */
  readonly lost: boolean;
  /** Registers `listener` for the loss of the lock; called at once when it is already lost. */
  onLost(listener: OverlapLockLostListener): void;
  /** Stops renewal and releases by owner token; idempotent, safe in `finally`; `false` when it was lost. */
  release(): Promise<boolean>;
}

/** The task fields the overlap lock needs. */
export interface OverlapLockTask {
  /** The task id. */
  id: string;
  /** Lock TTL in milliseconds; the lock is renewed every third of it. */
  overlapTtlMs: number;
}

/** Node timers overflow above 2^31-1 ms (then fire at once), so renewal intervals are capped below it. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Takes the task's overlap lock (`overlapLockKey(task.id)`) for `task.overlapTtlMs` and renews it every
 * TTL/3 while held; `null` when another run holds it. A crashed holder stops renewing, so the task is
 * free again within one TTL.
 *
 * @example
 * const lock = await acquireOverlapLock(provider, task, { runId });
 * if (!lock) return skip('overlapping');
 * lock.onLost((reason) => logger.warn({ reason }, 'overlap lock lost'));
 * try { await run(); } finally { await lock.release(); }
 */
export async function acquireOverlapLock(
  provider: LockProvider,
  task: OverlapLockTask,
  owner?: Partial<LockOwner>,
): Promise<OverlapLock | null> {
  const ttlMs = assertTtl('acquireOverlapLock', task.overlapTtlMs);
  const lease = await provider.acquire(overlapLockKey(task.id), ttlMs, owner);
  return lease === null ? null : new RenewingOverlapLock(lease, ttlMs);
}

class RenewingOverlapLock implements OverlapLock {
  readonly lease: Lease;
  #lost = false;
  #released: Promise<boolean> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #renewal: Promise<void> | null = null;
  readonly #listeners: OverlapLockLostListener[] = [];
  #lossReason: OverlapLockLossReason = 'taken';
  #lossError: unknown;
  readonly #ttlMs: number;
  readonly #intervalMs: number;

  constructor(lease: Lease, ttlMs: number) {
    this.lease = lease;
    this.#ttlMs = ttlMs;
    this.#intervalMs = Math.min(MAX_TIMER_MS, Math.max(1, Math.floor(ttlMs / 3)));
    this.#schedule();
  }

  get lost(): boolean {
    return this.#lost;
  }

  onLost(listener: OverlapLockLostListener): void {
    if (this.#lost) {
      queueMicrotask(() => listener(this.#lossReason, this.#lossError));
      return;
    }
    this.#listeners.push(listener);
  }

  release(): Promise<boolean> {
    this.#released ??= this.#release();
    return this.#released;
  }

  async #release(): Promise<boolean> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    // A renewal in flight must finish first, or its extend could race the release.
    await this.#renewal;
    if (this.#lost) return false;
    return this.lease.release();
  }

  #schedule(): void {
    if (this.#released || this.#lost) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#renewal = this.#renew().finally(() => {
        this.#renewal = null;
      });
    }, this.#intervalMs);
    // Renewal must never keep a finished process alive.
    this.#timer.unref();
  }

  async #renew(): Promise<void> {
    let extended: boolean;
    try {
      extended = await this.lease.extend(this.#ttlMs);
    } catch (error) {
      // A backend hiccup is not a loss yet: the lock stays ours until its current expiry.
      if (Date.now() >= this.lease.expiresAt.getTime()) this.#markLost('expired', error);
      else this.#schedule();
      return;
    }
    if (extended) this.#schedule();
    else this.#markLost('taken');
  }

  #markLost(reason: OverlapLockLossReason, error?: unknown): void {
    if (this.#released) return;
    this.#lost = true;
    this.#lossReason = reason;
    this.#lossError = error;
    for (const listener of this.#listeners.splice(0)) {
      try {
        listener(reason, error);
      } catch (listenerError) {
        // A faulty listener must neither stop the others nor be swallowed: rethrow it outside the lock.
        queueMicrotask(() => {
          throw listenerError;
        });
      }
    }
  }
}
