import type { SchedulerRuntime } from '@monkeyslegion/scheduler-runner';
import { loadRunner } from '../cli/load-runner.js';
import { describeFrequency } from '../format/describe-frequency.js';
import type { ListEntry } from './list-entry.js';

/** Options of `collectListEntries`. */
export interface CollectListOptions {
  /** Only tasks carrying every one of these tags. @default [] */
  tags?: readonly string[];
  /** The instant next runs are computed from. @default scheduler.clock.now() */
  now?: number;
}

/**
 * Gathers everything `schedule:list` shows, sorted by next run (then id), in a fixed number of store
 * round trips whatever the task count: one `getMany` for state, one running-registry listing, one
 * lock listing; each next run is computed once.
 */
export async function collectListEntries(scheduler: SchedulerRuntime, options: CollectListOptions = {}): Promise<ListEntry[]> {
  const { OVERLAP_LOCK_PREFIX, overlapLockKey } = await loadRunner();
  const tasks = scheduler.app.registry.all().withTags(options.tags ?? []).toArray();
  const now = new Date(options.now ?? scheduler.clock.now());
  const ids = tasks.map((task) => task.id);
  const [states, running, locks] = await Promise.all([
    scheduler.state.getMany(ids),
    scheduler.running.list(),
    scheduler.locks.list(OVERLAP_LOCK_PREFIX),
  ]);
  const runsByTask = groupBy(running, (run) => run.taskId);
  const taskByLockKey = new Map(ids.map((id) => [overlapLockKey(id), id]));
  const locksByTask = groupBy(
    locks.filter((lock) => taskByLockKey.has(lock.key)),
    (lock) => taskByLockKey.get(lock.key)!,
  );
  const entries = tasks.map((task): ListEntry & { sortKey: number } => {
    const state = states.get(task.id);
    const next = nextRun(task, now);
    const runs = runsByTask.get(task.id) ?? [];
    return {
      id: task.id,
      kind: task.kind,
      expression: task.expression,
      timezone: task.timezone,
      description: task.description,
      tags: [...task.tags],
      onOneServer: task.onOneServer,
      withoutOverlapping: task.withoutOverlapping,
      nextRunAt: next?.toISOString() ?? null,
      lastRunAt: state?.lastRunAt ?? null,
      lastStatus: state?.lastStatus ?? null,
      lastExitCode: state?.lastExitCode ?? null,
      lastDurationMs: state?.lastDurationMs ?? null,
      running: runs.length,
      frequency: describeFrequency(task.expression),
      runs: runs.map((run) => ({ pid: run.pid, host: run.host, runId: run.runId, startedAt: run.startedAt })),
      locks: (locksByTask.get(task.id) ?? []).map((lock) => ({
        host: lock.owner.host,
        pid: lock.owner.pid,
        runId: lock.owner.runId ?? null,
        acquiredAt: lock.acquiredAt?.toISOString() ?? null,
        expiresAt: lock.expiresAt.toISOString(),
      })),
      sortKey: next?.getTime() ?? Number.POSITIVE_INFINITY,
    };
  });
  entries.sort((a, b) => a.sortKey - b.sortKey || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return entries.map(({ sortKey: _sortKey, ...entry }) => entry);
}

function nextRun(task: { nextRunAt(from: Date): Date }, now: Date): Date | null {
  try {
    return task.nextRunAt(now);
  } catch {
    // An expression with no future slot (e.g. 30 February) has no next run.
    return null;
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
