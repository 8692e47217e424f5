import type { RunResult, RunTrigger, SkipReason, Task } from '@monkeyslegion/scheduler-core';
import type { WarmPool } from '../warm/warm-pool.js';

/** A request to run one task once. */
export interface RunRequest {
  /** The task. */
  task: Task;
  /** The slot instant (for pushed and manual runs: when it was asked for). */
  scheduledAt: Date;
  /** What asked for the run. */
  trigger: RunTrigger;
  /** Canonical JSON text of a pushed payload. */
  payloadText?: string;
  /** Evaluate the task's `when`/`skip`/`between`/`environments` filters first (scheduled runs). */
  applyFilters?: boolean;
  /** Claim the per-host slot first (scheduled runs), so a second heartbeat in the same minute skips. */
  claimHostSlot?: boolean;
  /** Ignore overlap and one-server locks (`schedule:test --force`). */
  ignoreLocks?: boolean;
  /**
   * The caller runs the request again later when it cannot start now (pushed runs): a skip for a busy
   * overlap lock, an unavailable lock store or a shutdown is then neither recorded nor announced with
   * `TaskSkipped`, since the run is postponed, not dropped.
   */
  postponable?: boolean;
  /** Aborting stops the child gracefully; the run is recorded `interrupted`. */
  signal?: AbortSignal;
  /** Closure and class runs take a booted child from this pool when one is ready (the daemon's). */
  warmPool?: WarmPool | null;
  /** String commands take a waiting shell from this pool when one is ready (the daemon's). */
  warmShells?: WarmPool | null;
  /** Receives the child's pid as soon as it is spawned. */
  onSpawn?(pid: number, runId: string): void;
  /** Receives each output line (e.g. `schedule:test` prints them live). */
  onLine?(stream: 'stdout' | 'stderr', line: string): void;
}

/** What happened to a run request. */
export type RunOutcome =
  | { readonly kind: 'skipped'; readonly task: Task; readonly reason: SkipReason; readonly detail: string }
  | { readonly kind: 'ran'; readonly task: Task; readonly result: RunResult; readonly hookErrors: readonly string[] };
