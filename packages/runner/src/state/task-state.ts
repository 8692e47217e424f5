import type { RunStatus, SkipReason } from '@monkeyslegion/scheduler-core';

/** A task's last known outcome: `RunStatus` of its last run, or `skipped` when its last slot was skipped. */
export type TaskStatus = RunStatus | 'skipped';

/** What the state store knows about one task (ISO-8601 UTC times, `null` when unknown). */
export interface TaskState {
  /** The task id. */
  taskId: string;
  /** When the last run started. */
  lastRunAt: string | null;
  /** When the last run finished. */
  lastFinishedAt: string | null;
  /** The slot of the last run. */
  lastScheduledAt: string | null;
  /** Status of the last run, or `skipped` when the most recent slot was skipped. */
  lastStatus: TaskStatus | null;
  /** Exit code of the last run. */
  lastExitCode: number | null;
  /** Signal that ended the last run. */
  lastSignal: string | null;
  /** Duration of the last run. */
  lastDurationMs: number | null;
  /** Run id of the last run. */
  lastRunId: string | null;
  /** Failure detail of the last run (spawn error, timeout …). */
  lastError: string | null;
  /** Why the most recent skipped slot was skipped. */
  lastSkipReason: SkipReason | null;
  /** When the most recent skipped slot was. */
  lastSkippedAt: string | null;
  /** The end of the last run's output (a few KiB). */
  lastOutputTail: string | null;
  /** Problems around the last run that did not change its status: throwing hooks and event listeners, an unwritable output file. */
  lastHookErrors: string[];
  /** How many runs ended in each status, and how many slots were skipped. */
  counters: Record<TaskStatus, number>;
}

/** A fresh state for a task that never ran. */
export function emptyTaskState(taskId: string): TaskState {
  return {
    taskId,
    lastRunAt: null,
    lastFinishedAt: null,
    lastScheduledAt: null,
    lastStatus: null,
    lastExitCode: null,
    lastSignal: null,
    lastDurationMs: null,
    lastRunId: null,
    lastError: null,
    lastSkipReason: null,
    lastSkippedAt: null,
    lastOutputTail: null,
    lastHookErrors: [],
    counters: { success: 0, failed: 0, timeout: 0, interrupted: 0, skipped: 0 },
  };
}
