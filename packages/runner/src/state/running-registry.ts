import type { CacheStore } from '@monkeyslegion/scheduler-core';

/** A task process that is running right now. */
export interface RunningProcess {
  /** Child process id. */
  pid: number;
  /** The task. */
  taskId: string;
  /** The run. */
  runId: string;
  /** Host the child runs on. */
  host: string;
  /** Pid of the scheduler that spawned it. */
  schedulerPid: number;
  /** When it was spawned (ISO-8601 UTC). */
  startedAt: string;
  /** The slot it belongs to (ISO-8601 UTC). */
  scheduledAt: string;
}

const PREFIX = 'running:';

/**
 * The registry of running task processes, kept in the cache store with a short TTL that the spawning
 * scheduler renews: entries vanish on exit, and within one TTL when the scheduler itself was killed.
 */
export class RunningRegistry {
  constructor(
    private readonly cache: CacheStore,
    /** Lifetime of an entry unless renewed. @default 120000 */
    readonly ttlMs = 120_000,
  ) {}

  /** Adds or renews an entry. */
  async put(entry: RunningProcess): Promise<void> {
    await this.cache.put(PREFIX + entry.runId, entry, this.ttlMs);
  }

  /** Removes an entry. */
  async remove(runId: string): Promise<void> {
    await this.cache.forget(PREFIX + runId);
  }

  /** Every live entry. */
  async list(): Promise<RunningProcess[]> {
    const keys = await this.cache.keys(PREFIX);
    if (keys.length === 0) return [];
    const values = await this.cache.many<RunningProcess>(keys);
    return [...values.values()].filter((entry): entry is RunningProcess => entry !== undefined).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  /** The entry of `pid` on `host`, if it is a task run of this scheduler. */
  async findByPid(pid: number, host: string): Promise<RunningProcess | undefined> {
    return (await this.list()).find((entry) => entry.pid === pid && entry.host === host);
  }
}
