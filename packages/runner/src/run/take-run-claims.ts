import type { LockOwner, LockProvider, SkipReason, Task } from '@monkeyslegion/scheduler-core';
import { acquireOverlapLock, claimSlot, type OverlapLock } from '@monkeyslegion/scheduler-locks';
import type { Logger } from 'pino';

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

type Acquired = { lock: OverlapLock | null; error?: undefined } | { lock?: undefined; error: unknown };

/**
 * Takes a run's claims with as few round trips as the semantics allow. The overlap lock is acquired
 * alongside the slot claims, since it is released whenever the run does not start. The cluster claim
 * waits for the host claim: a host that already ran the slot must never take the cluster claim of it,
 * or a concurrent pulse on the same host could win it and skip, and the slot would run nowhere. Slot
 * claims are never released early. Failures are reported in the sequential order (host claim, cluster
 * claim, overlap lock), each once; an unreachable lock store fails closed as `lock-unavailable`.
 */
export async function takeRunClaims(locks: LockProvider, request: ClaimRequest, logger: Logger): Promise<RunClaims> {
  const { task, scheduledAt, plan, owner } = request;
  const overlap: Promise<Acquired> | null = plan.overlapLock
    ? acquireOverlapLock(locks, task, owner).then(
        (lock) => ({ lock }),
        (error: unknown) => ({ error }),
      )
    : null;
  const slot = scheduledAt.toISOString();
  const slotFailure = await claimSlots(locks, request, slot);
  const acquired = overlap ? await overlap : { lock: null };
  if (slotFailure) {
    await acquired.lock?.release().catch((error: unknown) => logger.error({ err: error, taskId: task.id, runId: owner.runId }, 'overlap lock release failed'));
    return { ok: false, failure: slotFailure };
  }
  if (acquired.error !== undefined) return { ok: false, failure: { reason: 'lock-unavailable', detail: `overlap lock unavailable: ${message(acquired.error)}` } };
  if (plan.overlapLock && !acquired.lock) return { ok: false, failure: { reason: 'overlapping', detail: 'the previous run is still running' } };
  return { ok: true, lock: acquired.lock ?? null };
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
