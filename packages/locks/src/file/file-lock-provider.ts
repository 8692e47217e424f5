import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  BackendUnavailableError,
  ConfigurationError,
  quote,
  systemClock,
  type Clock,
  type HeldLock,
  type Lease,
  type LockOwner,
  type LockProvider,
} from '@monkeyslegion/scheduler-core';
import { assertLockArguments, assertTtl } from '../lease/assert-lock-arguments.js';
import { OwnedLease } from '../lease/owned-lease.js';
import { randomToken } from '../lease/random-token.js';
import { resolveOwner } from '../lease/resolve-owner.js';
import { createExclusive, readIfExists, removeIfExists, replaceAtomically } from './atomic-file.js';
import { GATE_BUSY, withKeyGate } from './key-gate.js';
import { LOCK_FILE_SUFFIX, lockFileName } from './lock-file-name.js';
import { createLockRecord, isRecordStale, parseLockRecord, recordOwner, type LockRecord } from './lock-record.js';

/** Options of `FileLockProvider`. */
export interface FileLockProviderOptions {
  /** Folder of the lock files; created (mode 0700) when missing. */
  dir: string;
  /**
   * How long extend/release/forceRelease wait for a key's gate (held by another process for a few
   * file-system calls) before failing.
   * @default 10000
   */
  gateWaitMs?: number;
  /**
   * Source of "now" for expiry; every process sharing the folder must use the same clock.
   * @default systemClock
   */
  clock?: Clock;
}

/** Reclaim attempts per acquire: each lost race means someone else just created the lock. */
const MAX_ACQUIRE_ATTEMPTS = 3;

/**
 * Locks for one host as files in one folder: atomic exclusive create (temp file + `link`), owner
 * metadata in the file, expired locks and locks of dead processes on this host reclaimed at once, and
 * every change of an existing lock made under a per-key gate so it is race-free across processes.
 *
 * @example
 * const locks = new FileLockProvider({ dir: '.legion/locks' });
 * const lease = await locks.acquire('reports', 60_000);
 */
export class FileLockProvider implements LockProvider {
  readonly name = 'file';
  readonly #dir: string;
  readonly #gateWaitMs: number;
  readonly #hostname = os.hostname();
  readonly #clock: Clock;
  #ready: Promise<void> | null = null;

  constructor(options: FileLockProviderOptions) {
    if (typeof options?.dir !== 'string' || options.dir.length === 0) {
      throw new ConfigurationError(`FileLockProvider: dir must be a non-empty path, got ${quote(options?.dir)}`, {
        value: options?.dir,
      });
    }
    this.#dir = path.resolve(options.dir);
    this.#gateWaitMs = assertTtl('FileLockProvider (gateWaitMs)', options.gateWaitMs ?? 10_000);
    this.#clock = options.clock ?? systemClock;
  }

  /** The absolute lock folder. */
  get dir(): string {
    return this.#dir;
  }

  async acquire(key: string, ttlMs: number, owner?: Partial<LockOwner>): Promise<Lease | null> {
    const ttl = assertLockArguments('FileLockProvider', key, ttlMs);
    const lockPath = await this.#pathOf(key);
    const token = randomToken();
    const resolved = resolveOwner(owner);
    return this.#backend('acquire', key, async () => {
      for (let attempt = 0; attempt < MAX_ACQUIRE_ATTEMPTS; attempt += 1) {
        const record = createLockRecord(key, token, resolved, this.#clock.now(), ttl);
        if (createExclusive(lockPath, JSON.stringify(record))) return this.#lease(lockPath, record);
        const text = readIfExists(lockPath);
        if (text === null) continue;
        const current = parseLockRecord(text);
        if (current !== null && !isRecordStale(current, this.#clock.now(), this.#hostname)) return null;
        const reclaimed = await withKeyGate(lockPath, this.#hostname, 0, async () => {
          // Under the gate the file can only be what we judged stale, or something newer to leave alone.
          if (readIfExists(lockPath) === text) removeIfExists(lockPath);
        });
        if (reclaimed === GATE_BUSY) return null;
      }
      return null;
    });
  }

  async forceRelease(key: string): Promise<boolean> {
    assertLockArguments('FileLockProvider', key, 1);
    const lockPath = await this.#pathOf(key);
    return this.#backend('forceRelease', key, async () => {
      const result = await withKeyGate(lockPath, this.#hostname, this.#gateWaitMs, async () => removeIfExists(lockPath));
      return this.#gateOrFail(result, 'forceRelease', key);
    });
  }

  async list(prefix = ''): Promise<HeldLock[]> {
    await this.#ensureDir();
    return this.#backend('list', prefix, async () => {
      const names = (await fs.readdir(this.#dir)).filter((name) => name.endsWith(LOCK_FILE_SUFFIX)).sort();
      const now = this.#clock.now();
      const held: HeldLock[] = [];
      for (const name of names) {
        const text = readIfExists(path.join(this.#dir, name));
        const record = text === null ? null : parseLockRecord(text);
        if (record === null || !record.key.startsWith(prefix) || isRecordStale(record, now, this.#hostname)) continue;
        held.push({
          key: record.key,
          owner: recordOwner(record),
          acquiredAt: new Date(record.acquiredAt),
          expiresAt: new Date(record.expiresAt),
        });
      }
      return held.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    });
  }

  async close(): Promise<void> {
    // No handles are kept open between calls; held lock files are left to expire like any other backend's.
  }

  #lease(lockPath: string, acquired: LockRecord): Lease {
    let record = acquired;
    return new OwnedLease(record.key, record.token, new Date(record.expiresAt), {
      extend: (ttlMs) => {
        const ttl = assertTtl('FileLockProvider', ttlMs);
        return this.#backend('extend', record.key, async () => {
          const result = await withKeyGate(lockPath, this.#hostname, this.#gateWaitMs, async () => {
            if (!this.#isStillOurs(lockPath, record.token)) return null;
            const next: LockRecord = { ...record, expiresAt: this.#clock.now() + ttl };
            replaceAtomically(lockPath, JSON.stringify(next));
            record = next;
            return new Date(next.expiresAt);
          });
          return this.#gateOrFail(result, 'extend', record.key);
        });
      },
      release: () =>
        this.#backend('release', record.key, async () => {
          const result = await withKeyGate(lockPath, this.#hostname, this.#gateWaitMs, async () => {
            const text = readIfExists(lockPath);
            const current = text === null ? null : parseLockRecord(text);
            if (current?.token !== record.token) return false;
            removeIfExists(lockPath);
            // An expired lock was no longer ours even if nobody took it yet; removing it only tidies up.
            return this.#clock.now() < current.expiresAt;
          });
          return this.#gateOrFail(result, 'release', record.key);
        }),
    });
  }

  /** Ours = our token and not expired (an expired lock may be reclaimed by anyone at any moment). */
  #isStillOurs(lockPath: string, token: string): boolean {
    const text = readIfExists(lockPath);
    const current = text === null ? null : parseLockRecord(text);
    return current?.token === token && this.#clock.now() < current.expiresAt;
  }

  #gateOrFail<T>(result: T | typeof GATE_BUSY, operation: string, key: string): T {
    if (result !== GATE_BUSY) return result;
    throw new BackendUnavailableError(
      `FileLockProvider: ${operation} of ${quote(key)} could not take the key's gate within ${this.#gateWaitMs} ms in ${quote(this.#dir)}`,
      { value: key, dir: this.#dir },
    );
  }

  async #pathOf(key: string): Promise<string> {
    await this.#ensureDir();
    return path.join(this.#dir, lockFileName(key));
  }

  #ensureDir(): Promise<void> {
    this.#ready ??= this.#backend('open', this.#dir, async () => {
      await fs.mkdir(this.#dir, { recursive: true, mode: 0o700 });
    }).catch((error: unknown) => {
      this.#ready = null;
      throw error;
    });
    return this.#ready;
  }

  /** Runs a file-system step, turning unexpected I/O errors (EACCES, ENOSPC …) into a typed error. */
  async #backend<T>(operation: string, key: string, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (error instanceof BackendUnavailableError || error instanceof ConfigurationError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new BackendUnavailableError(
        `FileLockProvider: ${operation} of ${quote(key)} failed in ${quote(this.#dir)}: ${reason}`,
        { value: key, dir: this.#dir },
        error,
      );
    }
  }
}
