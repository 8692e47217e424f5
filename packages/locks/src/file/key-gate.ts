import fs from 'node:fs/promises';
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
  while (!(await createExclusive(gatePath, content))) {
    const text = await readIfExists(gatePath);
    if (text === null) continue;
    if (isGateStale(text, hostname)) {
      await removeStaleGate(gatePath, text);
      continue;
    }
    if (Date.now() >= deadline) return GATE_BUSY;
    // Gates are held for microseconds to milliseconds: a short randomized pause avoids lock-step retries.
    await sleep(1 + Math.floor(Math.random() * 4));
  }
  try {
    return await critical();
  } finally {
    const current = await readIfExists(gatePath);
    if (current === content) await removeIfExists(gatePath);
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
async function removeStaleGate(gatePath: string, staleText: string): Promise<void> {
  const tombstone = uniqueSibling(gatePath, 'tomb');
  try {
    await fs.rename(gatePath, tombstone);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    if ((await readIfExists(tombstone)) !== staleText) {
      await fs.link(tombstone, gatePath).catch((error: NodeJS.ErrnoException) => {
        // EEXIST: a newer gate already took the place; the one we moved was itself superseded.
        if (error.code !== 'EEXIST') throw error;
      });
    }
  } finally {
    await removeIfExists(tombstone);
  }
}
