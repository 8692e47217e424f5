import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LegionApp } from './legion-app.js';

let app: LegionApp;

beforeAll(async () => {
  app = await LegionApp.create();
});

beforeEach(async () => {
  await app.isolate();
});

afterAll(async () => {
  await app.remove();
});

async function listed(id: string): Promise<Record<string, unknown>> {
  const list = await app.run(['schedule:list', '--json']);
  expect(list.code).toBe(0);
  return (JSON.parse(list.stdout) as Array<Record<string, unknown>>).find((entry) => entry.id === id)!;
}

describe('legion schedule:run', () => {
  it('runs every selected task with --force --tag, in child processes with the documented environment, and exits 0', async () => {
    const result = await app.run(['schedule:run', '--force', '--tag=files']);
    expect(result.stderr).not.toContain('"level":50');
    expect(result.code).toBe(0);
    expect(await app.read('backup.txt')).toBe('backup ran as backup');
    expect(await app.read('write-file.txt')).toMatch(/^write-file \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    expect(result.stdout).toMatch(/✓ backup {2}success {2}exit 0 {2}\S+/);
    expect(result.stdout).toMatch(/✓ write-file {2}success {2}exit 0/);
    expect(result.stdout).toContain('2 succeeded, 0 failed, 0 skipped');
    expect(result.stdout).not.toContain('always-fails');
    // What ran is recorded: schedule:list shows the last run, status, exit code and duration.
    const backup = await listed('backup');
    expect(backup).toMatchObject({ lastStatus: 'success', lastExitCode: 0, running: 0 });
    expect(Date.parse(backup.lastRunAt as string)).toBeGreaterThan(Date.now() - 120_000);
    expect(typeof backup.lastDurationMs).toBe('number');
  });

  it('exits 1 when a task fails, naming it and its exit code', async () => {
    const result = await app.run(['schedule:run', '--force', '--tag', 'flaky']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ always-fails {2}failed {2}exit 3/);
    expect(result.stdout).toContain('0 succeeded, 1 failed, 0 skipped');
    // Task output goes to the logs on stderr (JSON lines), not into the command's own stdout.
    expect(result.stderr).toContain('about to fail');
    expect(await listed('always-fails')).toMatchObject({ lastStatus: 'failed', lastExitCode: 3 });
  });

  it('runs only the tasks due this minute without --force, and says so when nothing is due', async () => {
    const result = await app.run(['schedule:run', '--tag=files']);
    expect(result.code).toBe(0);
    // write-file runs every minute; backup only on Mondays at 02:00 Paris time.
    expect(result.stdout).toContain('write-file');
    expect(result.stdout).not.toContain('backup');
    const none = await app.run(['schedule:run', '--tag=slow']);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('No tasks are due.\n');
  });

  it('stops its running tasks gracefully on SIGTERM, records them interrupted and exits 1', async () => {
    const heartbeat = app.start(['schedule:run', '--force', '--tag=slow'], { SLEEP_MS: '20000' });
    // The sleeper's first output line reaches the logs once it is running.
    await heartbeat.waitFor('sleeping');
    heartbeat.child.kill('SIGTERM');
    const result = await heartbeat.done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('legion: SIGTERM received, stopping the running tasks');
    expect(result.stdout).toMatch(/✗ sleeper {2}interrupted {2}SIGTERM/);
    expect(await listed('sleeper')).toMatchObject({ lastStatus: 'interrupted', running: 0 });
  });
});

describe('legion schedule:test', () => {
  it('streams the task output live (stdout and stderr apart) and ends with a one-line summary, exit 0', async () => {
    const result = await app.run(['schedule:test', 'echo-lines']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('line-one\nline-two\n');
    const stderr = result.stderr.trim().split('\n');
    expect(stderr).toContain('warn-line');
    expect(stderr.at(-1)).toMatch(/^✓ echo-lines succeeded: exit code 0, \d+ ms$/);
  });

  it('exits 1 when the task fails', async () => {
    const result = await app.run(['schedule:test', 'always-fails']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('about to fail');
    expect(result.stderr).toMatch(/✗ always-fails failed: exit code 3, /);
  });

  it('prints output while the task still runs, respects a held lock, and ignores it with --force', async () => {
    const sleeper = app.start(['schedule:test', 'sleeper'], { SLEEP_MS: '20000' });
    await sleeper.waitFor('sleeping');
    // The line arrived while the task was still running: the first run has not finished.
    expect(sleeper.child.exitCode).toBeNull();
    const blocked = await app.run(['schedule:test', 'sleeper'], { SLEEP_MS: '100' });
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain('sleeper did not run (overlapping): the previous run is still running (use --force to ignore the lock)');
    const forced = await app.run(['schedule:test', 'sleeper', '--force'], { SLEEP_MS: '100' });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toBe('sleeping\nwoke up\n');
    sleeper.child.kill('SIGINT');
    const stopped = await sleeper.done;
    // SIGINT stops the child gracefully; the run is recorded as interrupted, which is not a success.
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(/✗ sleeper interrupted/);
  });
});
