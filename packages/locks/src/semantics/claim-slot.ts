import os from 'node:os';
import { ConfigurationError, quote, type LockOwner, type LockProvider } from '@monkeyslegion/scheduler-core';
import { encodeKeyPart } from '../keys/encode-key-part.js';
import { assertTtl } from '../lease/assert-lock-arguments.js';

/** Prefix of every slot-claim key. */
export const SLOT_CLAIM_PREFIX = 'slot:';

/** Which runs a slot claim excludes: every server (`onOneServer`) or only this host's heartbeats. */
export type SlotClaimScope = 'cluster' | 'host';

/** One claim of one scheduled slot of one task. */
export interface SlotClaim {
  /** The task id. */
  taskId: string;
  /** The slot instant (the scheduled time, not the time of the pulse). */
  slot: Date;
  /** `cluster`: once across all servers; `host`: once on this host. */
  scope: SlotClaimScope;
  /**
   * Host name for the `host` scope.
   * @default os.hostname()
   */
  host?: string;
  /** How long the claim is kept; at least until after the slot plus the grace window, so a late server cannot re-run it. */
  holdMs: number;
  /** Owner shown by `list()` (run id …); host and pid default to this process. */
  owner?: Partial<LockOwner>;
}

/**
 * The key of a slot claim: `slot:cluster:<task>:<slot ISO-8601 UTC>` or `slot:host:<host>:<task>:<slot>`,
 * with task id and host percent-encoded. Keyed by the UTC instant, so no two days or timezones share a key.
 *
 * @example
 * slotClaimKey({ taskId: 'backup', slot: new Date('2025-01-01T02:00:00Z'), scope: 'cluster' });
 * // 'slot:cluster:backup:2025-01-01T02:00:00.000Z'
 */
export function slotClaimKey(claim: Pick<SlotClaim, 'taskId' | 'slot' | 'scope' | 'host'>): string {
  const { slot } = claim;
  if (!(slot instanceof Date) || Number.isNaN(slot.getTime())) {
    throw new ConfigurationError(`claimSlot: slot must be a valid Date, got ${quote(String(slot))}`, {
      taskId: claim.taskId,
      value: slot,
    });
  }
  const scope =
    claim.scope === 'cluster'
      ? 'cluster'
      : claim.scope === 'host'
        ? `host:${encodeKeyPart(claim.host ?? os.hostname())}`
        : invalidScope(claim.scope);
  return `${SLOT_CLAIM_PREFIX}${scope}:${encodeKeyPart(claim.taskId)}:${slot.toISOString()}`;
}

/**
 * Claims one slot of one task: `true` for the first caller per (task, UTC slot instant[, host]), `false`
 * for everyone else until `holdMs` has passed. The claim is never released early, so a server whose
 * pulse arrives late cannot run the slot a second time.
 *
 * @example
 * if (await claimSlot(provider, { taskId: task.id, slot, scope: 'cluster', holdMs: graceMs + 60_000 })) run(task);
 */
export async function claimSlot(provider: LockProvider, claim: SlotClaim): Promise<boolean> {
  const holdMs = assertTtl('claimSlot', claim.holdMs);
  const lease = await provider.acquire(slotClaimKey(claim), holdMs, claim.owner);
  // Deliberately not released: the claim must outlive the slot's grace window.
  return lease !== null;
}

function invalidScope(scope: unknown): never {
  throw new ConfigurationError(`claimSlot: scope must be "cluster" or "host", got ${quote(scope)}`, { value: scope });
}
