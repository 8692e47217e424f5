import type { TaskKind } from '@monkeyslegion/scheduler-core';
import type { TaskStatus } from '@monkeyslegion/scheduler-runner';

/** A live run of a task, as `schedule:list` reports it. */
export interface ListRun {
  /** Process id of the task child. */
  pid: number;
  /** Host the child runs on. */
  host: string;
  /** The run's id. */
  runId: string;
  /** When it was spawned (ISO-8601 UTC). */
  startedAt: string;
}

/** A held overlap lock of a task. */
export interface ListLock {
  /** Host of the process holding the lock. */
  host: string;
  /** Pid of the scheduler process holding the lock (not the task child). */
  pid: number;
  /** The run holding the lock, when known. */
  runId: string | null;
  /** ISO-8601 UTC, `null` when the backend does not know. */
  acquiredAt: string | null;
  /** ISO-8601 UTC. */
  expiresAt: string;
}

/**
 * One task in `schedule:list --json`. Times are ISO-8601 UTC strings, `null` when unknown; `running` is
 * the NUMBER of live runs (0 when idle), with their pids and hosts in `runs`.
 */
export interface ListEntry {
  id: string;
  kind: TaskKind;
  expression: string;
  timezone: string;
  description: string | null;
  tags: string[];
  onOneServer: boolean;
  withoutOverlapping: boolean;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastStatus: TaskStatus | null;
  lastExitCode: number | null;
  lastDurationMs: number | null;
  running: number;
  /** The expression in words (cronstrue). */
  frequency: string;
  /** The live runs. */
  runs: ListRun[];
  /** The overlap locks held for the task. */
  locks: ListLock[];
}
