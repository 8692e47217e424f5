import type { Redis } from 'ioredis';
import type { LockOwner } from '@monkeyslegion/scheduler-core';

/** One server's view of one lock: its token, remaining TTL and the owner metadata written for that token. */
export interface NodeLockState {
  /** The stored owner token, `null` when the key is gone. */
  token: string | null;
  /** Remaining TTL in milliseconds (`<= 0` when gone or persistent). */
  ttlMs: number;
  /** Owner metadata, when the companion hash belongs to the same token. */
  owner: { owner: LockOwner; acquiredAt: Date | null } | null;
}

/** Keys per pipeline, so one huge `list()` never builds a single giant reply. */
const BATCH = 200;

/** Reads token, PTTL and owner hash of every key from one server, in pipelined batches. */
export async function readLockStates(
  client: Redis,
  lockPrefix: string,
  ownerPrefix: string,
  keys: readonly string[],
): Promise<NodeLockState[]> {
  const states: NodeLockState[] = [];
  for (let start = 0; start < keys.length; start += BATCH) {
    const batch = keys.slice(start, start + BATCH);
    const pipeline = client.pipeline();
    for (const key of batch) pipeline.get(lockPrefix + key).pttl(lockPrefix + key).hgetall(ownerPrefix + key);
    const replies = (await pipeline.exec()) ?? [];
    batch.forEach((_, index) => {
      const [tokenReply, ttlReply, ownerReply] = replies.slice(index * 3, index * 3 + 3);
      for (const reply of [tokenReply, ttlReply, ownerReply]) if (reply?.[0]) throw reply[0];
      const token = (tokenReply?.[1] as string | null) ?? null;
      const hash = (ownerReply?.[1] as Record<string, string> | null) ?? {};
      states.push({ token, ttlMs: Number(ttlReply?.[1] ?? -2), owner: token !== null && hash.token === token ? parseOwner(hash) : null });
    });
  }
  return states;
}

function parseOwner(hash: Record<string, string>): NodeLockState['owner'] {
  const owner: LockOwner = { host: hash.host ?? 'unknown', pid: Number(hash.pid ?? 0) };
  if (hash.runId) owner.runId = hash.runId;
  const acquiredAt = Number(hash.acquiredAt);
  return { owner, acquiredAt: Number.isFinite(acquiredAt) && acquiredAt > 0 ? new Date(acquiredAt) : null };
}
