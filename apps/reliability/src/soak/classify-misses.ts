import type { MissingSlot } from './slot-ledger.js';

/** Why a slot the ledger lacks did not run. */
export type MissCause = 'outage-recorded' | 'outage-unrecorded' | 'claimed-by-killed-daemon' | 'unexplained';

/** What the suite knows about the faults of a run. */
export interface FaultFacts {
  /** When the lock store was unreachable (from the stop request until clients could reach it again). */
  outage: { from: number; to: number } | null;
  /** `task\0slot` of every slot some daemon recorded as skipped with reason `lock-unavailable`. */
  lockUnavailableSkips: ReadonlySet<string>;
  /** Pids of the daemon processes that were SIGKILLed. */
  killedPids: ReadonlySet<number>;
  /** Owner pid of the cluster claim of a slot (`task\0slot`), as read while the claim was live. */
  claimOwners: ReadonlyMap<string, number>;
}

/** Key of a slot in the fact maps. */
export const slotKey = (taskId: string, slot: number): string => `${taskId}\0${slot}`;

/**
 * Sorts every missing slot by cause: inside the outage and recorded as `lock-unavailable` (the
 * fail-closed behaviour), inside it but unrecorded, claimed by a daemon that was then SIGKILLed before
 * it could start the run, or unexplained. Only the first is a correct outcome; the second and fourth
 * are failures; the third is the at-most-once price of onOneServer across a crash, reported as such.
 */
export function classifyMisses(missing: readonly MissingSlot[], facts: FaultFacts): Record<MissCause, MissingSlot[]> {
  const classes: Record<MissCause, MissingSlot[]> = { 'outage-recorded': [], 'outage-unrecorded': [], 'claimed-by-killed-daemon': [], unexplained: [] };
  for (const miss of missing) {
    const key = slotKey(miss.taskId, miss.slot);
    const owner = facts.claimOwners.get(key);
    if (owner !== undefined && facts.killedPids.has(owner)) {
      classes['claimed-by-killed-daemon'].push(miss);
    } else if (facts.outage !== null && miss.slot >= facts.outage.from && miss.slot <= facts.outage.to) {
      classes[facts.lockUnavailableSkips.has(key) ? 'outage-recorded' : 'outage-unrecorded'].push(miss);
    } else {
      classes.unexplained.push(miss);
    }
  }
  return classes;
}
