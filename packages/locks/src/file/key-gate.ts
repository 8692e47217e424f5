import { linkSync, renameSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomToken } from '../lease/random-token.js';
import { createExclusive, readIfExists, removeIfExists, uniqueSibling } from './atomic-file.js';
import { isProcessAlive } from './is-process-alive.js';

/**
 * A gate is held only for a handful of file-system calls; one older than this belongs to a holder that
 * hung or died on another host sharing the folder, and is taken over.
 */
const GATE_STALE_MS = 5000;

/** Returned by `withKeyGate` when the gate stayed busy for the whole wait. */
export const GATE_BUSY = Symbol('gate busy');

interface GateRecord {
  token: string;
  host: string;
  pid: number;
  createdAt: number;
}

/**
 * Runs `critical` while holding the key's gate (`<lock file>.gate`, created exclusively). Every change
 * of an existing lock file (reclaim, extend, release, force release) happens under the gate, and a new
 * lock file can only be created where none exists, so inside the gate the lock file cannot change
 * between reading it and acting on it: that makes check-then-act safe without a compare-and-swap.
 *
 * System calls, uncontended: `createExclusive` of the gate (open + write + close of a temp file, link,
 * unlink), then on the way out a read of the gate (open, fstat, read, close) and its unlink. The read
 * is not redundant: a gate held past `GATE_STALE_MS` may have been taken over, and we must then leave
 * the new holder's gate in place. Gate content is created atomically (temp + link) because waiters
 * judge staleness from it: an empty, half-written gate would look corrupt and be taken over.
 */
export async function withKeyGate<T>(
  lockPath: string,
  hostname: string,
  waitMs: number,
  critical: () => Promise<T>,
): Promise<T | typeof GATE_BUSY> {
  const gatePath = `${lockPath}.gate`;
  const mine: GateRecord = { token: randomToken(), host: hostname, pid: process.pid, createdAt: Date.now() };
  const content = JSON.stringify(mine);
  const deadline = Date.now() + waitMs;
  while (!createExclusive(gatePath, content)) {
    const text = readIfExists(gatePath);
    if (text === null) continue;
    if (isGateStale(text, hostname)) {
      removeStaleGate(gatePath, text);
      continue;
    }
    if (Date.now() >= deadline) return GATE_BUSY;
    // Gates are held for microseconds to milliseconds: a short randomized pause avoids lock-step retries.
    await sleep(1 + Math.floor(Math.random() * 4));
  }
  try {
    return await critical();
  } finally {
    if (readIfExists(gatePath) === content) removeIfExists(gatePath);
  }
}

function isGateStale(text: string, hostname: string): boolean {
  let gate: Partial<GateRecord>;
  try {
    gate = JSON.parse(text) as Partial<GateRecord>;
  } catch {
    return true;
  }
  if (typeof gate.createdAt !== 'number' || typeof gate.pid !== 'number') return true;
  if (Date.now() - gate.createdAt > GATE_STALE_MS) return true;
  return gate.host === hostname && !isProcessAlive(gate.pid);
}

/**
 * Removes a stale gate without ever removing a live one for good: rename moves whatever is there to a
 * private tombstone; if that turns out not to be the stale gate we judged (someone replaced it in the
 * meantime), it is linked back into place.
 */
function removeStaleGate(gatePath: string, staleText: string): void {
  const tombstone = uniqueSibling(gatePath, 'tomb');
  try {
    renameSync(gatePath, tombstone);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    if (readIfExists(tombstone) !== staleText) {
      try {
        linkSync(tombstone, gatePath);
      } catch (error) {
        // EEXIST: a newer gate already took the place; the one we moved was itself superseded.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  } finally {
    removeIfExists(tombstone);
  }
}
