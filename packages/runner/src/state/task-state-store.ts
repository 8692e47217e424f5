import type { CacheStore, RunResult, SkipReason } from '@monkeyslegion/scheduler-core';
import { emptyTaskState, type TaskState, type TaskStatus } from './task-state.js';

const STATUSES: readonly TaskStatus[] = ['success', 'failed', 'timeout', 'interrupted', 'skipped'];
const OUTPUT_TAIL_BYTES = 4096;

/** The last finished run of a task, written whole in one `put`. */
interface StoredRun {
  seq: number;
  runId: string;
  status: RunResult['status'];
  scheduledAt: string;
  startedAt: string;
  finishedAt: string;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  error: string | null;
  outputTail: string;
  problems: string[];
}

/** The last skipped slot of a task. */
interface StoredSkip {
  seq: number;
  reason: SkipReason;
  skippedAt: string;
}

/** Problems found after the run record was written (result hooks, listeners), tagged with their run. */
interface StoredLateProblems {
  runId: string;
  problems: string[];
}

// Task ids may contain ':' or '*': encoding keeps one task's keys from ever matching another's prefix.
const key = (kind: 'run' | 'skip' | 'late' | 'seq', taskId: string) => `state:${kind}:${encodeURIComponent(taskId)}`;
const counterKey = (taskId: string, status: TaskStatus) => `state:count:${encodeURIComponent(taskId)}:${status}`;

/**
 * Persists each task's last run, last skip and counters in the cache store, so `schedule:list` on any
 * host sees what ran where. Nothing is read-modify-written: a run, a skip and late hook errors each have
 * their own key, written whole, so concurrent runs, skips and hosts never undo each other's records.
 * A per-task sequence (the store's atomic `increment`) tells which of the last run and the last skip is
 * the newer one, and counters use `increment` too.
 */
export class TaskStateStore {
  constructor(private readonly cache: CacheStore) {}

  /** Records a finished run; `problems` are errors of hooks or listeners that ran before it ended. */
  async recordResult(result: RunResult, problems: string[] = []): Promise<void> {
    const tail = Buffer.from(result.outputTail);
    const record: StoredRun = {
      seq: await this.cache.increment(key('seq', result.taskId)),
      runId: result.runId,
      status: result.status,
      scheduledAt: result.scheduledAt.toISOString(),
      startedAt: result.startedAt.toISOString(),
      finishedAt: result.finishedAt.toISOString(),
      exitCode: result.exitCode,
      signal: result.signal,
      durationMs: result.durationMs,
      error: result.error ?? null,
      outputTail: tail.length > OUTPUT_TAIL_BYTES ? tail.subarray(tail.length - OUTPUT_TAIL_BYTES).toString('utf8') : result.outputTail,
      problems,
    };
    await this.cache.put(key('run', result.taskId), record);
    await this.cache.increment(counterKey(result.taskId, result.status));
  }

  /** Records problems (throwing result hooks or listeners) that came after the run of `runId` was recorded. */
  async recordHookErrors(taskId: string, runId: string, problems: string[]): Promise<void> {
    if (problems.length === 0) return;
    await this.cache.put(key('late', taskId), { runId, problems } satisfies StoredLateProblems);
  }

  /** Records a skipped slot. */
  async recordSkip(taskId: string, scheduledAt: Date, reason: SkipReason): Promise<void> {
    const record: StoredSkip = { seq: await this.cache.increment(key('seq', taskId)), reason, skippedAt: scheduledAt.toISOString() };
    await this.cache.put(key('skip', taskId), record);
    await this.cache.increment(counterKey(taskId, 'skipped'));
  }

  /** The state of one task (an empty state when it never ran). */
  async get(taskId: string): Promise<TaskState> {
    return (await this.getMany([taskId])).get(taskId)!;
  }

  /** The states of several tasks in one round trip. */
  async getMany(taskIds: readonly string[]): Promise<Map<string, TaskState>> {
    const keys = taskIds.flatMap((taskId) => [key('run', taskId), key('skip', taskId), key('late', taskId), ...STATUSES.map((status) => counterKey(taskId, status))]);
    const values = keys.length === 0 ? new Map<string, unknown>() : await this.cache.many(keys);
    const states = new Map<string, TaskState>();
    for (const taskId of taskIds) {
      const run = values.get(key('run', taskId)) as StoredRun | undefined;
      const skip = values.get(key('skip', taskId)) as StoredSkip | undefined;
      const late = values.get(key('late', taskId)) as StoredLateProblems | undefined;
      const state = emptyTaskState(taskId);
      if (run) {
        Object.assign(state, {
          lastRunAt: run.startedAt,
          lastFinishedAt: run.finishedAt,
          lastScheduledAt: run.scheduledAt,
          lastStatus: run.status,
          lastExitCode: run.exitCode,
          lastSignal: run.signal,
          lastDurationMs: run.durationMs,
          lastRunId: run.runId,
          lastError: run.error,
          lastOutputTail: run.outputTail,
          lastHookErrors: [...run.problems, ...(late?.runId === run.runId ? late.problems : [])],
        });
      }
      if (skip) {
        state.lastSkipReason = skip.reason;
        state.lastSkippedAt = skip.skippedAt;
        if (!run || skip.seq > run.seq) state.lastStatus = 'skipped';
      }
      for (const status of STATUSES) state.counters[status] = Number(values.get(counterKey(taskId, status)) ?? 0);
      states.set(taskId, state);
    }
    return states;
  }
}
