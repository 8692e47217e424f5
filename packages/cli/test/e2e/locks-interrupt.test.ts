import os from 'node:os';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LegionApp, eventually } from './legion-app.js';

let app: LegionApp;

interface Entry {
  id: string;
  running: number;
  runs: Array<{ pid: number; host: string }>;
  locks: Array<{ pid: number; host: string; runId: string | null; expiresAt: string }>;
}

async function sleeperEntry(): Promise<Entry> {
  const result = await app.run(['schedule:list', '--json', '--tag=slow']);
  return (JSON.parse(result.stdout) as Entry[])[0]!;
}

beforeAll(async () => {
  app = await LegionApp.create();
});

// A fresh data folder (locks, running registry, state) per test: these tests leave runs and locks behind.
beforeEach(async () => {
  await app.isolate();
});

afterAll(async () => {
  await app.remove();
});

describe('legion schedule:clear-locks', () => {
  it('says when no lock is held, and rejects an unknown task id with exit 2', async () => {
    const none = await app.run(['schedule:clear-locks']);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('No locks held.\n');
    const unknown = await app.run(['schedule:clear-locks', 'sleepr']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('legion: unknown task id "sleepr" (did you mean "sleeper"?)\n');
  });

  it('clears the lock a crashed server left behind and lists it with its owner', async () => {
    // The lock of a dead process on this very host is reclaimed at once; another host's lock stays
    // until it expires (1 h): that is what clear-locks is for.
    const crashed = app.start(['schedule:test', 'sleeper'], { SLEEP_MS: '20000', LEGION_HOST: 'crashed-host' });
    await crashed.waitFor('sleeping');
    const entry = await sleeperEntry();
    expect(entry.locks).toHaveLength(1);
    expect(entry.locks[0]).toMatchObject({ pid: crashed.child.pid, host: 'crashed-host' });
    // Simulate the crash: the scheduler dies without releasing; its task is killed too.
    crashed.child.kill('SIGKILL');
    await crashed.done;
    process.kill(-entry.runs[0]!.pid, 'SIGKILL');
    const blocked = await app.run(['schedule:test', 'sleeper'], { SLEEP_MS: '50' });
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain('sleeper did not run (overlapping)');
    const cleared = await app.run(['schedule:clear-locks', 'sleeper']);
    expect(cleared.code).toBe(0);
    const lines = cleared.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TASK +OWNER +RUN +AGE +WOULD EXPIRE$/);
    expect(lines[1]).toMatch(new RegExp(`^sleeper +crashed-host pid ${crashed.child.pid} +\\S+ +\\d+ s +in \\d+ min( \\d+ s)?$`));
    expect(lines.at(-1)).toBe('Cleared 1 lock.');
    expect((await app.run(['schedule:clear-locks'])).stdout).toBe('No locks held.\n');
    const free = await app.run(['schedule:test', 'sleeper'], { SLEEP_MS: '50' });
    expect(free.code).toBe(0);
  });
});

describe('legion schedule:interrupt', () => {
  it('refuses a pid that is not one of its task runs with exit 2 and the reason', async () => {
    const own = await app.run(['schedule:interrupt', String(process.pid)]);
    expect(own.code).toBe(2);
    expect(own.stderr).toBe(`legion: Interrupt: refusing pid "${process.pid}": that is the process that started this command\n`);
    const init = await app.run(['schedule:interrupt', '1']);
    expect(init.code).toBe(2);
    expect(init.stderr).toBe('legion: Interrupt: refusing pid "1": not a task process id\n');
  });

  it('stops a running task that schedule:list --verbose shows, and the run is recorded interrupted', async () => {
    const running = app.start(['schedule:test', 'sleeper'], { SLEEP_MS: '20000' });
    await running.waitFor('sleeping');
    const entry = await eventually(async () => {
      const current = await sleeperEntry();
      return current.running === 1 ? current : null;
    });
    const childPid = entry.runs[0]!.pid;
    const table = await app.run(['schedule:list', '--verbose', '--tag=slow']);
    const [header, row] = table.stdout.split('\n');
    expect(header).toMatch(/ LOCK +PIDS +DESCRIPTION$/);
    expect(row).toMatch(new RegExp(`^sleeper .* running +slow +${os.hostname()}:${running.child.pid} until \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} +${childPid}\\b`));
    const interrupted = await app.run(['schedule:interrupt', String(childPid), '--grace=2']);
    expect(interrupted.code).toBe(0);
    expect(interrupted.stdout).toMatch(new RegExp(`^Interrupted task sleeper \\(pid ${childPid}, run \\S+, host ${os.hostname()}\\): stopped with SIGTERM\\.\\n$`));
    const result = await running.done;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/✗ sleeper interrupted/);
    const after = JSON.parse((await app.run(['schedule:list', '--json', '--tag=slow'])).stdout) as Array<Record<string, unknown>>;
    expect(after[0]).toMatchObject({ lastStatus: 'interrupted', running: 0, locks: [] });
  });
});
