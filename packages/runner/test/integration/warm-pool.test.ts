import { fileURLToPath } from 'node:url';
import type { RunResult } from '@monkeyslegion/scheduler-core';
import { afterEach, describe, expect, it } from 'vitest';
import { WarmPool, type RunOutcome, type WarmPoolOptions } from '../../src/index.js';
import { createFixtureApp, type FixtureApp } from '../support/fixture-app.js';
import { openFixture, type OpenedFixture } from '../support/open-fixture.js';
import { isProcessRunning } from '../support/processes.js';
import { waitFor } from '../support/wait-for.js';

const BIN = fileURLToPath(new URL('../fixtures/bin/', import.meta.url));
const SCHEDULED_AT = new Date('2026-03-02T10:00:00.000Z');
const PAYLOAD = { invoiceId: 42, note: "it's \"quoted\" $HOME" };

interface SeenRun {
  kind: string;
  taskId: string;
  runId: string;
  scheduledAt: string;
  payload: unknown;
  env: Record<string, string | null>;
  cwd: string;
  pid: number;
}

function ran(outcome: RunOutcome): RunResult {
  if (outcome.kind !== 'ran') throw new Error(`${outcome.task.id} was skipped: ${outcome.detail}`);
  return outcome.result;
}

describe('warm children run closures and classes exactly like cold children', () => {
  let app: FixtureApp | undefined;
  let opened: OpenedFixture | undefined;
  let pool: WarmPool | undefined;

  afterEach(async () => {
    await pool?.stop();
    pool = undefined;
    await opened?.scheduler.close();
    opened = undefined;
    await app?.remove();
    app = undefined;
  });

  const setUp = async (options: Partial<WarmPoolOptions> = {}) => {
    app = await createFixtureApp('daemon-app');
    opened = await openFixture(app, { killGraceMs: 500 });
    pool = new WarmPool({ size: 1, configFile: app.configFile, cwd: app.dir, logger: opened.scheduler.app.logger, ...options });
    pool.start();
    return { scheduler: opened.scheduler, pool };
  };
  const ready = (target: WarmPool) => waitFor('a warm child to boot', () => target.readyCount > 0 && target.pids, 60_000);
  const run = (taskId: string, warmPool: WarmPool | null, payload: unknown = PAYLOAD) =>
    opened!.scheduler.runner.run({ task: opened!.scheduler.app.registry.get(taskId), scheduledAt: SCHEDULED_AT, trigger: 'push', payloadText: JSON.stringify(payload), warmPool });
  const seenRuns = () => app!.lines('runs.log').map((line) => JSON.parse(line) as SeenRun);

  it.each(['report-closure', 'report-job', 'report-discovered'])('gives %s the same result, output, environment, payload, state and events warm as cold', async (taskId) => {
    const { scheduler, pool: warm } = await setUp();
    const cold = ran(await run(taskId, null));
    const [warmPid] = await ready(warm);
    const hot = ran(await run(taskId, warm));

    // The warm run really ran in the child the pool had booted, and the cold one did not.
    expect(hot.pid).toBe(warmPid);
    expect(cold.pid).not.toBe(warmPid);
    for (const result of [cold, hot]) {
      expect(result).toMatchObject({ taskId, status: 'success', exitCode: 0, signal: null, droppedBytes: 0 });
    }
    expect(hot.outputTail).toBe(cold.outputTail);
    expect(cold.outputTail).toBe(`out ${taskId === 'report-closure' ? 'closure' : taskId === 'report-job' ? 'job' : 'discovered'} ${taskId}\nerr ${JSON.stringify(PAYLOAD)}`);

    const [coldSeen, hotSeen] = seenRuns();
    expect(coldSeen!.runId).toBe(cold.runId);
    expect(hotSeen!.runId).toBe(hot.runId);
    expect(hotSeen!.pid).toBe(hot.pid);
    // Everything but the run's own id (and pid) is identical, the LEGION_* variables included.
    const comparable = ({ runId, pid, env, ...rest }: SeenRun) => ({ ...rest, env: { ...env, LEGION_RUN_ID: env.LEGION_RUN_ID === runId ? '<run id>' : env.LEGION_RUN_ID } });
    expect(comparable(hotSeen!)).toEqual(comparable(coldSeen!));
    expect(hotSeen).toMatchObject({ taskId, payload: PAYLOAD, scheduledAt: SCHEDULED_AT.toISOString(), cwd: app!.dir, aborted: false });
    expect(hotSeen!.env).toMatchObject({ LEGION_TASK_ID: taskId, LEGION_SCHEDULED_AT: SCHEDULED_AT.toISOString(), LEGION_PAYLOAD: JSON.stringify(PAYLOAD), LEGION_CONFIG: app!.configFile });

    expect(opened!.trace()).toEqual([`TaskStarting ${taskId}`, `TaskFinished ${taskId} success`, `TaskStarting ${taskId}`, `TaskFinished ${taskId} success`]);
    expect(await scheduler.state.get(taskId)).toMatchObject({ lastStatus: 'success', lastRunId: hot.runId, lastOutputTail: cold.outputTail, counters: { success: 2, failed: 0 } });
    expect(await scheduler.running.list()).toEqual([]);
  });

  it('reports a throwing closure and process.exit(3) with the same status, exit code and stack warm as cold', async () => {
    const { pool: warm } = await setUp();
    for (const taskId of ['node-throws', 'node-exit-3']) {
      const cold = ran(await run(taskId, null, null));
      const [warmPid] = await ready(warm);
      const hot = ran(await run(taskId, warm, null));
      expect(hot.pid).toBe(warmPid);
      expect({ status: hot.status, exitCode: hot.exitCode, signal: hot.signal, error: hot.error }).toEqual({ status: cold.status, exitCode: cold.exitCode, signal: cold.signal, error: cold.error });
      expect(hot.outputTail.split('\n')[0]).toBe(cold.outputTail.split('\n')[0]);
    }
    expect(opened!.trace().filter((line) => line.startsWith('TaskFailed'))).toEqual(['TaskFailed node-throws failed', 'TaskFailed node-throws failed', 'TaskFailed node-exit-3 failed', 'TaskFailed node-exit-3 failed']);
  });

  it('never reuses a warm child: each run gets a fresh process and the used one is gone', async () => {
    const { pool: warm } = await setUp();
    const pids: number[] = [];
    for (let round = 0; round < 3; round++) {
      const [warmPid] = await ready(warm);
      const result = ran(await run('report-closure', warm));
      expect(result.pid).toBe(warmPid);
      pids.push(result.pid!);
    }
    expect(new Set(pids).size).toBe(3);
    expect(pids.filter(isProcessRunning)).toEqual([]);
    expect(warm.pids.filter((pid) => pids.includes(pid))).toEqual([]);
    expect(seenRuns().map((seen) => seen.pid)).toEqual(pids);
  });

  it('counts the timeout from the hand-over and stops a hanging warm child with SIGTERM, then SIGKILL', async () => {
    const { scheduler, pool: warm } = await setUp();
    const [warmPid] = await ready(warm);
    // Time spent booting ahead of the run is not the run's: the pool's child has been alive a while.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const result = ran(await run('node-hang', warm));
    expect(result).toMatchObject({ pid: warmPid, status: 'timeout', exitCode: null, signal: 'SIGKILL', error: 'timed out after 1000 ms' });
    expect(result.durationMs).toBeGreaterThanOrEqual(1000);
    expect(Number(app!.lines('node-hang.pid')[0])).toBe(warmPid);
    expect(isProcessRunning(warmPid!)).toBe(false);
    expect(await scheduler.locks.list('overlap:')).toEqual([]);
    expect(opened!.trace()).toEqual(['TaskStarting node-hang', 'TaskFailed node-hang timeout']);
  });

  it('falls back to a cold spawn, once and logged, when the warm child dies before it takes the run', async () => {
    const { scheduler, pool: warm } = await setUp({ entryFile: `${BIN}warm-dies-on-assignment.mjs`, backoffMs: 60_000 });
    const [warmPid] = await ready(warm);
    const result = ran(await run('report-closure', warm));

    expect(result).toMatchObject({ status: 'success', exitCode: 0 });
    expect(result.pid).not.toBe(warmPid);
    expect(seenRuns().map((seen) => [seen.runId, seen.pid])).toEqual([[result.runId, result.pid]]);
    expect(opened!.trace()).toEqual(['TaskStarting report-closure', 'TaskFinished report-closure success']);
    const warnings = opened!.logs.filter((line) => line.level === 40).map((line) => line.msg);
    expect(warnings).toContain('the warm child died before it took the run; falling back to a cold spawn');
    expect(warnings.some((text) => text.startsWith(`warm child ${warmPid} exited with code 7 before it took its run`))).toBe(true);
    expect(await scheduler.running.list()).toEqual([]);
    expect(await scheduler.state.get('report-closure')).toMatchObject({ lastStatus: 'success', counters: { success: 1, failed: 0 } });
  });

  it('replaces a warm child that died while waiting, after a backoff, and a run in between still succeeds', async () => {
    const { pool: warm } = await setUp({ backoffMs: 200 });
    const [first] = await ready(warm);
    process.kill(first!, 'SIGKILL');
    await waitFor('the pool to notice', () => !warm.pids.includes(first!));
    const meanwhile = ran(await run('report-closure', warm));
    expect(meanwhile.status).toBe('success');
    const [second] = await ready(warm);
    expect(second).not.toBe(first);
    expect(opened!.logs.some((line) => line.level === 40 && line.msg.startsWith(`warm child ${first} killed by SIGKILL while waiting`))).toBe(true);
  });

  it('hands a run to a child still booting when none is booted, and that child runs it', async () => {
    const { pool: warm } = await setUp();
    const [booting] = warm.pids;
    expect(warm.readyCount).toBe(0);
    const result = ran(await run('report-closure', warm));
    expect(result).toMatchObject({ pid: booting, status: 'success', exitCode: 0, outputTail: `out closure report-closure\nerr ${JSON.stringify(PAYLOAD)}` });
    expect(seenRuns().map((seen) => seen.pid)).toEqual([booting]);
  });

  it('falls back to a cold spawn when the booting child it was handed fails to boot, dropping that child\'s output', async () => {
    const { pool: warm } = await setUp({ entryFile: `${BIN}warm-fails-to-boot.mjs`, backoffMs: 60_000 });
    const [booting] = warm.pids;
    const result = ran(await run('report-closure', warm));
    expect(result.status).toBe('success');
    expect(result.pid).not.toBe(booting);
    expect(result.outputTail).toBe(`out closure report-closure\nerr ${JSON.stringify(PAYLOAD)}`);
    expect(opened!.logs.some((line) => line.msg === 'the warm child died before it took the run; falling back to a cold spawn')).toBe(true);
  });

  it('backs off a child that cannot boot instead of respawning it in a loop, and runs still succeed', async () => {
    const { pool: warm } = await setUp({ entryFile: `${BIN}warm-fails-to-boot.mjs`, backoffMs: 100, maxBackoffMs: 400 });
    const started = Date.now();
    await waitFor('three failed boots', () => opened!.logs.filter((line) => line.msg.includes('failed to boot')).length >= 3, 20_000);
    const result = ran(await run('report-closure', warm));
    expect(result.status).toBe('success');
    const failures = opened!.logs.filter((line) => line.msg.includes('failed to boot'));
    // 100 + 200 + 400 + 400 … ms apart: a storm would fail hundreds of times in the same time.
    expect(failures.length).toBeLessThanOrEqual(3 + Math.ceil((Date.now() - started) / 400));
    expect(failures[0]!.msg).toMatch(/failed to boot \(exited with code 1\): Error: cannot boot this config; runs spawn cold/);
    expect(failures.map((line) => line.retryInMs)).toEqual(expect.arrayContaining([100, 200, 400]));
  });
});
