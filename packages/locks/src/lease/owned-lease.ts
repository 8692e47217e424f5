import type { Lease } from '@monkeyslegion/scheduler-core';

/** What a backend does for a lease: extend returns the new expiry (or `null` when no longer ours). */
export interface LeaseBackend {
  /** Pushes the lock's expiry to now + `ttlMs`; the new expiry, or `null` when the lock is no longer ours. */
  extend(ttlMs: number): Promise<Date | null>;
  /** Releases the lock by owner token; `false` when it was no longer ours. */
  release(): Promise<boolean>;
}

/** A `Lease` whose extend/release are delegated to a backend and whose `expiresAt` follows successful extends. */
export class OwnedLease implements Lease {
  readonly key: string;
  readonly token: string;
  #expiresAt: Date;
  readonly #backend: LeaseBackend;

  constructor(key: string, token: string, expiresAt: Date, backend: LeaseBackend) {
    this.key = key;
    this.token = token;
    this.#expiresAt = expiresAt;
    this.#backend = backend;
  }

  /** When the lock expires unless extended. */
  get expiresAt(): Date {
    return new Date(this.#expiresAt.getTime());
  }

  /** Pushes expiry to now + `ttlMs`; `false` when the lock is no longer ours. */
  async extend(ttlMs: number): Promise<boolean> {
    const expiresAt = await this.#backend.extend(ttlMs);
    if (expiresAt === null) return false;
    this.#expiresAt = expiresAt;
    return true;
  }

  /** Releases the lock; `false` when it was no longer ours. */
  release(): Promise<boolean> {
    return this.#backend.release();
  }
}
