import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LegionApp, eventually } from './legion-app.js';

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

describe('legion schedule:push', () => {
  it('rejects invalid JSON with exit 2 naming the problem, and an unknown task id with a suggestion', async () => {
    const invalid = await app.run(['schedule:push', 'record-payload', '--payload={"n":42']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/^legion: --payload "\{"n":42" is not valid JSON: .+\n$/);
    expect(invalid.stdout).toBe('');
    const unknown = await app.run(['schedule:push', 'record-paylod', '--payload={}']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('legion: unknown task id "record-paylod" (did you mean "record-payload"?)\n');
    const badTime = await app.run(['schedule:push', 'record-payload', '--run-at=tomorrow']);
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toBe('legion: --run-at "tomorrow" is not an ISO-8601 instant (e.g. 2026-01-31T02:00:00Z)\n');
  });
});

describe('legion schedule:work', () => {
  it('runs a pushed task with its payload, and on SIGTERM drains the running task and exits 0', async () => {
    // No scheduled task carries this tag, so the daemon only serves pushed runs during the test.
    const daemon = app.start(['schedule:work', '--sleep=0.2', '--tag=no-scheduled-task-has-this'], { PAYLOAD_TASK_MS: '1500' });
    await daemon.waitFor('scheduler daemon started');
    const pushed = await app.run(['schedule:push', 'record-payload', '--payload={"invoiceId":42}']);
    expect(pushed.code).toBe(0);
    const pushedId = pushed.stdout.trim();
    expect(pushedId).toMatch(/^\S+$/);
    // The pushed task is running when the daemon is asked to stop.
    const runId = await eventually(() => app.read('payload-started.txt'));
    expect(await app.read('payload.json')).toBeNull();
    daemon.child.kill('SIGTERM');
    const result = await daemon.done;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('legion: SIGTERM received, draining');
    // Nothing for humans on a non-TTY stdout: the JSON logs on stderr carry the story.
    expect(result.stdout).toBe('');
    const written = JSON.parse((await app.read('payload.json'))!) as { payload: unknown; runId: string };
    expect(written).toEqual({ payload: { invoiceId: 42 }, runId });
    const list = JSON.parse((await app.run(['schedule:list', '--json', '--tag=pushed'])).stdout) as Array<Record<string, unknown>>;
    expect(list[0]).toMatchObject({ id: 'record-payload', lastStatus: 'success', lastExitCode: 0, running: 0 });
  });
});
