import type { CacheStore, RunResult, SkipReason } from '@monkeyslegion/scheduler-core';
import { emptyTaskState, type TaskState, type TaskStatus } from './task-state.js';

const STATUSES: readonly TaskStatus[] = ['success', 'failed', 'timeout', 'interrupted', 'skipped'];
const OUTPUT_TAIL_BYTES = 4096;

type StoredState = Omit<TaskState, 'counters'>;

// Task ids may contain ':' or '*': encoding keeps one task's keys from ever matching another's prefix.
const stateKey = (taskId: string) => `state:task:${encodeURIComponent(taskId)}`;
const counterKey = (taskId: string, status: TaskStatus) => `state:count:${encodeURIComponent(taskId)}:${status}`;

/**
 * Persists each task's last run, status and counters in the cache store, so `schedule:list` on any host
 * sees what ran where. Counters use the store's atomic `increment`, so concurrent hosts never lose counts.
 */
export class TaskStateStore {
  constructor(private readonly cache: CacheStore) {}

  /** Records a finished run. */
  async recordResult(result: RunResult, hookErrors: string[] = []): Promise<void> {
    const previous = await this.readStored(result.taskId);
    const tail = Buffer.from(result.outputTail);
    const next: StoredState = {
      ...previous,
      lastRunAt: result.startedAt.toISOString(),
      lastFinishedAt: result.finishedAt.toISOString(),
      lastScheduledAt: result.scheduledAt.toISOString(),
      lastStatus: result.status,
      lastExitCode: result.exitCode,
      lastSignal: result.signal,
      lastDurationMs: result.durationMs,
      lastRunId: result.runId,
      lastError: result.error ?? null,
      lastOutputTail: tail.length > OUTPUT_TAIL_BYTES ? tail.subarray(tail.length - OUTPUT_TAIL_BYTES).toString('utf8') : result.outputTail,
      lastHookErrors: hookErrors,
    };
    await this.cache.put(stateKey(result.taskId), next);
    await this.cache.increment(counterKey(result.taskId, result.status));
  }

  /** Records the errors of hooks that ran after the result was stored. */
  async recordHookErrors(taskId: string, runId: string, hookErrors: string[]): Promise<void> {
    if (hookErrors.length === 0) return;
    const previous = await this.readStored(taskId);
    if (previous.lastRunId !== runId) return;
    await this.cache.put(stateKey(taskId), { ...previous, lastHookErrors: [...previous.lastHookErrors, ...hookErrors] });
  }

  /** Records a skipped slot. */
  async recordSkip(taskId: string, scheduledAt: Date, reason: SkipReason): Promise<void> {
    const previous = await this.readStored(taskId);
    await this.cache.put(stateKey(taskId), {
      ...previous,
      lastStatus: 'skipped',
      lastSkipReason: reason,
      lastSkippedAt: scheduledAt.toISOString(),
    } satisfies StoredState);
    await this.cache.increment(counterKey(taskId, 'skipped'));
  }

  /** The state of one task (an empty state when it never ran). */
  async get(taskId: string): Promise<TaskState> {
    return (await this.getMany([taskId])).get(taskId)!;
  }

  /** The states of several tasks in two round trips. */
  async getMany(taskIds: readonly string[]): Promise<Map<string, TaskState>> {
    const keys = taskIds.flatMap((taskId) => [stateKey(taskId), ...STATUSES.map((status) => counterKey(taskId, status))]);
    const values = keys.length === 0 ? new Map<string, unknown>() : await this.cache.many(keys);
    const states = new Map<string, TaskState>();
    for (const taskId of taskIds) {
      const stored = values.get(stateKey(taskId)) as StoredState | undefined;
      const state: TaskState = { ...emptyTaskState(taskId), ...(stored ?? {}), taskId, counters: emptyTaskState(taskId).counters };
      for (const status of STATUSES) state.counters[status] = Number(values.get(counterKey(taskId, status)) ?? 0);
      states.set(taskId, state);
    }
    return states;
  }

  private async readStored(taskId: string): Promise<StoredState> {
    const { counters: _counters, ...empty } = emptyTaskState(taskId);
    return { ...empty, ...((await this.cache.get<StoredState>(stateKey(taskId))) ?? {}) };
  }
}
