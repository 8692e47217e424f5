import type { Redis } from 'ioredis';

/** One server's view of one lock: the stored value and its remaining TTL. */
export interface NodeLockValue {
  /** The stored lock value (token plus owner, see `encodeLockValue`), `null` when the key is gone. */
  value: string | null;
  /** Remaining TTL in milliseconds (`<= 0` when gone or persistent). */
  ttlMs: number;
}

/** Keys per transaction, so one huge `list()` never builds a single giant reply. */
const BATCH = 200;

/**
 * Reads value and PTTL of every key from one server, one `MULTI` per batch: a transaction, so a
 * value is never paired with the TTL of a newer lock that replaced it between the two reads.
 */
export async function readLockValues(client: Redis, lockPrefix: string, keys: readonly string[]): Promise<NodeLockValue[]> {
  const values: NodeLockValue[] = [];
  for (let start = 0; start < keys.length; start += BATCH) {
    const batch = keys.slice(start, start + BATCH);
    const transaction = client.multi();
    for (const key of batch) transaction.get(lockPrefix + key).pttl(lockPrefix + key);
    const replies = await transaction.exec();
    // `null` only follows a failed WATCH, which is never set here; treat it as the failure it would be.
    if (replies === null) throw new Error('the MULTI transaction reading lock values was aborted');
    batch.forEach((_, index) => {
      const valueReply = replies[index * 2];
      const ttlReply = replies[index * 2 + 1];
      for (const reply of [valueReply, ttlReply]) if (reply?.[0]) throw reply[0];
      values.push({ value: (valueReply?.[1] as string | null) ?? null, ttlMs: Number(ttlReply?.[1] ?? -2) });
    });
  }
  return values;
}
