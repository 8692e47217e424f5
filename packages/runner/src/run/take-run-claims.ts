import type { LockOwner, LockProvider, SkipReason, Task } from '@monkeyslegion/scheduler-core';
import { acquireOverlapLock, claimSlot, type OverlapLock } from '@monkeyslegion/scheduler-locks';

/** Which claims one run needs before it may start. */
export interface ClaimPlan {
  /** The per-host slot claim (scheduled runs), so a second heartbeat in the same minute skips. */
  hostSlot: boolean;
  /** The cluster-wide slot claim (`onOneServer` scheduled runs). */
  clusterSlot: boolean;
  /** The task's overlap lock (`withoutOverlapping`). */
  overlapLock: boolean;
}

/** The claims of one run: what to take, for whom, and for how long. */
export interface ClaimRequest {
  task: Task;
  scheduledAt: Date;
  plan: ClaimPlan;
  /** This host's identity (the host claim's key and every owner). */
  host: string;
  /** Owner recorded with every claim and the lock. */
  owner: LockOwner;
  /** How long slot claims are kept: past the slot and its grace window. */
  holdMs: number;
}

/** Why a run may not start. */
export interface ClaimFailure {
  reason: SkipReason;
  detail: string;
}

/** The outcome of `takeRunClaims`: the overlap lock to release after the run, or why the run skips. */
export type RunClaims = { ok: true; lock: OverlapLock | null } | { ok: false; failure: ClaimFailure };

/**
 * Takes a run's claims in order: host claim, cluster claim, then the overlap lock. The order is what
 * makes a slot run somewhere: were the lock taken alongside the claims, two pulses (two servers for the
 * cluster claim, two heartbeats on one host for the host claim) could each win one of them, and both
 * skip. The cluster claim waits for the host claim for the same reason: a host that already ran the slot
 * must never take the cluster claim of it. Slot claims are never released early. An unreachable lock
 * store fails closed as `lock-unavailable`.
 */
export async function takeRunClaims(locks: LockProvider, request: ClaimRequest): Promise<RunClaims> {
  const { task, scheduledAt, plan, owner } = request;
  const slotFailure = await claimSlots(locks, request, scheduledAt.toISOString());
  if (slotFailure) return { ok: false, failure: slotFailure };
  if (!plan.overlapLock) return { ok: true, lock: null };
  let lock: OverlapLock | null;
  try {
    lock = await acquireOverlapLock(locks, task, owner);
  } catch (error) {
    return { ok: false, failure: { reason: 'lock-unavailable', detail: `overlap lock unavailable: ${message(error)}` } };
  }
  if (!lock) return { ok: false, failure: { reason: 'overlapping', detail: 'the previous run is still running' } };
  return { ok: true, lock };
}

async function claimSlots(locks: LockProvider, request: ClaimRequest, slot: string): Promise<ClaimFailure | null> {
  const { task, scheduledAt, plan, host, owner, holdMs } = request;
  try {
    if (plan.hostSlot && !(await claimSlot(locks, { taskId: task.id, slot: scheduledAt, scope: 'host', host, holdMs, owner }))) {
      return { reason: 'already-ran', detail: `slot ${slot} already ran on this host` };
    }
    if (plan.clusterSlot && !(await claimSlot(locks, { taskId: task.id, slot: scheduledAt, scope: 'cluster', holdMs, owner }))) {
      return { reason: 'one-server', detail: `slot ${slot} was claimed by another server` };
    }
  } catch (error) {
    // Fail closed: without the lock store nobody can prove the slot is ours.
    return { reason: 'lock-unavailable', detail: `slot claim unavailable: ${message(error)}` };
  }
  return null;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
