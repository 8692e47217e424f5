import type { CacheStore, RunResult } from '@monkeyslegion/scheduler-core';
import { MemoryCacheStore } from '@monkeyslegion/scheduler-cache';
import { describe, expect, it } from 'vitest';
import { TaskStateStore } from './task-state-store.js';

// Reads return what the store held when the read was issued, but only after `delays.shift()` ms: a read
// that started before a concurrent write answers after it, as it can with a remote store.
function slowReads(delays: number[]): CacheStore {
  const inner = new MemoryCacheStore();
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'get') {
        return async (key: string) => {
          const value = await target.get(key);
          await new Promise((resolve) => setTimeout(resolve, delays.shift() ?? 0));
          return value;
        };
      }
      const member = Reflect.get(target, property, receiver) as unknown;
      return typeof member === 'function' ? member.bind(target) : member;
    },
  });
}

const result = (overrides: Partial<RunResult> = {}): RunResult => ({
  taskId: 'report',
  runId: 'run-1',
  status: 'success',
  exitCode: 0,
  signal: null,
  scheduledAt: new Date('2026-03-02T10:00:00Z'),
  startedAt: new Date('2026-03-02T10:00:00.100Z'),
  finishedAt: new Date('2026-03-02T10:00:01.100Z'),
  durationMs: 1000,
  outputTail: 'done',
  droppedBytes: 0,
  pid: 1234,
  ...overrides,
});

describe('TaskStateStore', () => {
  it('keeps a finished run when a skip of the same task is recorded at the same time', async () => {
    const store = new TaskStateStore(slowReads([50]));
    await Promise.all([store.recordSkip('report', new Date('2026-03-02T10:01:00Z'), 'overlapping'), store.recordResult(result())]);
    const state = await store.get('report');
    expect(state).toMatchObject({ lastRunId: 'run-1', lastExitCode: 0, lastDurationMs: 1000, lastSkipReason: 'overlapping', lastSkippedAt: '2026-03-02T10:01:00.000Z' });
    expect(state.counters).toMatchObject({ success: 1, skipped: 1 });
  });

  it('reports the status of whatever was recorded last, run or skip', async () => {
    const store = new TaskStateStore(new MemoryCacheStore());
    await store.recordResult(result({ status: 'failed', exitCode: 2 }));
    expect((await store.get('report')).lastStatus).toBe('failed');
    await store.recordSkip('report', new Date('2026-03-02T10:01:00Z'), 'filter');
    expect((await store.get('report')).lastStatus).toBe('skipped');
    await store.recordResult(result({ runId: 'run-2' }));
    expect(await store.get('report')).toMatchObject({ lastStatus: 'success', lastRunId: 'run-2', lastSkipReason: 'filter', counters: { success: 1, failed: 1, skipped: 1 } });
  });

  it('adds the errors of later hooks to their own run only', async () => {
    const delays: number[] = [];
    const store = new TaskStateStore(slowReads(delays));
    await store.recordResult(result({ runId: 'run-1' }), ['before hook #1 threw: early']);
    delays.push(50);
    await Promise.all([store.recordHookErrors('report', 'run-1', ['after hook #1 threw: late']), store.recordResult(result({ runId: 'run-2' }))]);
    expect(await store.get('report')).toMatchObject({ lastRunId: 'run-2', lastHookErrors: [] });
    await store.recordHookErrors('report', 'run-2', ['onSuccess hook #1 threw: late']);
    expect((await store.get('report')).lastHookErrors).toEqual(['onSuccess hook #1 threw: late']);
  });

  it('keeps only the last 4 KiB of the output tail', async () => {
    const store = new TaskStateStore(new MemoryCacheStore());
    await store.recordResult(result({ outputTail: `${'a'.repeat(10_000)}end` }));
    const { lastOutputTail } = await store.get('report');
    expect(Buffer.byteLength(lastOutputTail!)).toBe(4096);
    expect(lastOutputTail!.endsWith('end')).toBe(true);
  });

  it('answers an empty state for a task that never ran', async () => {
    const store = new TaskStateStore(new MemoryCacheStore());
    expect(await store.get('never')).toMatchObject({ taskId: 'never', lastStatus: null, lastRunAt: null, lastHookErrors: [], counters: { success: 0, skipped: 0 } });
  });
});
