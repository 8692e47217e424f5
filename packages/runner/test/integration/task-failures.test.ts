import { readFileSync } from 'node:fs';
import type { RunResult } from '@monkeyslegion/scheduler-core';
import { afterEach, describe, expect, it } from 'vitest';
import { runHeartbeat, type RunOutcome } from '../../src/index.js';
import { MISSING_BINARY } from '../fixtures/apps/heartbeat-app.js';
import { createFixtureApp, type FixtureApp } from '../support/fixture-app.js';
import { ManualClock, openFixture, type OpenedFixture } from '../support/open-fixture.js';
import { isProcessRunning, readPids } from '../support/processes.js';

const NOW = new ManualClock(Date.parse('2026-03-02T10:00:30.000Z'));

function resultsById(outcomes: RunOutcome[]): Record<string, RunResult> {
  return Object.fromEntries(outcomes.map((outcome) => [outcome.task.id, outcome.kind === 'ran' ? outcome.result : expect.fail(`${outcome.task.id} was skipped`)]));
}

describe('crashes, spawn errors and timeouts are recorded, never fatal to the heartbeat', () => {
  let app: FixtureApp;
  let opened: OpenedFixture | undefined;

  afterEach(async () => {
    await opened?.scheduler.close();
    opened = undefined;
    await app?.remove();
  });

  it('records every kind of crash as failed with its exit code or signal, and fires onFailure exactly once each', async () => {
    app = await createFixtureApp('heartbeat-app');
    opened = await openFixture(app, { clock: NOW });
    const report = await runHeartbeat(opened.scheduler, { tags: ['crash'] });
    expect(report.exitCode).toBe(1);
    const results = resultsById(report.outcomes);

    expect(results['exit-3']).toMatchObject({ status: 'failed', exitCode: 3, signal: null, error: 'exited with code 3' });
    expect(results['kill-9']).toMatchObject({ status: 'failed', exitCode: null, signal: 'SIGKILL', error: 'killed by SIGKILL' });
    expect(results['kill-9']!.outputTail).toBe('about to die');
    expect(results.throws).toMatchObject({ status: 'failed', exitCode: 1, signal: null });
    expect(results.throws!.outputTail).toMatch(/^Error: boom from the closure\n\s+at /);
    expect(results['missing-argv']).toMatchObject({ status: 'failed', exitCode: null, signal: null, pid: null });
    expect(results['missing-argv']!.error).toMatch(new RegExp(`^could not start: spawn ${MISSING_BINARY} ENOENT`));
    expect(results['missing-sh']).toMatchObject({ status: 'failed', exitCode: 127, signal: null });
    expect(results['missing-sh']!.outputTail).toContain(`${MISSING_BINARY}: not found`);
    expect(results['nul-argument']).toMatchObject({ status: 'failed', exitCode: null, pid: null });
    expect(results['nul-argument']!.error).toMatch(/^could not start: .*null bytes/);

    const trace = opened.trace();
    for (const id of Object.keys(results)) {
      expect(trace.filter((line) => line === `onFailure ${id} failed`), id).toHaveLength(1);
      expect(trace.filter((line) => line === `TaskFailed ${id} failed`), id).toHaveLength(1);
      expect(trace.filter((line) => line.startsWith(`onSuccess ${id}`) || line.startsWith(`TaskFinished ${id}`)), id).toEqual([]);
    }
    const states = await opened.scheduler.state.getMany(Object.keys(results));
    for (const [id, state] of states) {
      expect(state, id).toMatchObject({ lastStatus: 'failed', lastExitCode: results[id]!.exitCode, lastSignal: results[id]!.signal, counters: { failed: 1, success: 0 } });
    }
    expect(await opened.scheduler.locks.list('overlap:')).toEqual([]);
    expect(await opened.scheduler.running.list()).toEqual([]);
  });

  it('stops a timed-out shell task with its whole process group, leaving no grandchild behind', async () => {
    app = await createFixtureApp('heartbeat-app');
    opened = await openFixture(app, { clock: NOW, killGraceMs: 500 });
    const report = await runHeartbeat(opened.scheduler, { tags: ['timeout'] });
    const results = resultsById(report.outcomes);

    expect(results.grandchildren).toMatchObject({ status: 'timeout', exitCode: null, signal: 'SIGTERM', error: 'timed out after 1000 ms' });
    const pids = readPids(readFileSync(app.file('grandchildren.pids'), 'utf8'));
    expect(pids).toHaveLength(3);
    expect(pids.filter(isProcessRunning)).toEqual([]);

    // `trap '' TERM` makes the shell and its sleep ignore SIGTERM: only the SIGKILL after the grace ends them.
    expect(results['trap-term']).toMatchObject({ status: 'timeout', exitCode: null, signal: 'SIGKILL' });
    expect(isProcessRunning(Number(readFileSync(app.file('trap.pid'), 'utf8')))).toBe(false);
    expect(opened.trace().filter((line) => line.startsWith('onFailure'))).toEqual(['onFailure grandchildren timeout', 'onFailure trap-term timeout']);
    expect(await opened.scheduler.locks.list('overlap:')).toEqual([]);
  });
});
