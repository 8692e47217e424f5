import { readFileSync } from 'node:fs';
import { isServiceAvailable, testDatabaseUrl, testRedisUrl, uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { FixtureBackend } from '../fixtures/apps/backends.js';
import { createFixtureApp, type FixtureApp } from '../support/fixture-app.js';
import { startSchedulerProcess, type SchedulerProcess } from '../support/scheduler-process.js';
import { deleteRedisKeys, dropPostgresSchema } from '../support/services.js';
import { waitFor } from '../support/wait-for.js';

const redisUp = await isServiceAvailable('Redis', testRedisUrl());
const postgresUp = await isServiceAvailable('PostgreSQL', testDatabaseUrl());

interface Inspection {
  stats: { pending: number; delayed: number; inFlight: number; failed: number };
  failures: Array<{ id: string; taskId: string; reason: string }> | null;
}

describe.each([
  { backend: 'redis' as FixtureBackend, available: redisUp },
  { backend: 'postgres' as FixtureBackend, available: postgresUp },
])('pushed runs through a daemon on $backend', ({ backend, available }) => {
  let app: FixtureApp | undefined;
  let daemon: SchedulerProcess | undefined;
  let cleanup: (() => void) | undefined;

  afterEach(async () => {
    daemon?.child.kill('SIGKILL');
    await daemon?.exited;
    daemon = undefined;
    cleanup?.();
    cleanup = undefined;
    await app?.remove();
    app = undefined;
  });

  // Everything runs in its own process: see `startSchedulerProcess`.
  const run = async (mode: 'push' | 'inspect', env: Record<string, string>) => {
    const process = startSchedulerProcess(mode, app!, env);
    const message = await process.message(mode === 'push' ? 'pushed' : 'inspected');
    expect((await process.exited).code).toBe(0);
    return message;
  };

  it.skipIf(!available)('hands payloads to closures and commands, and fails an unknown task id without executing anything', async () => {
    const prefix = uniqueTestPrefix('runner');
    app = await createFixtureApp('daemon-app', { backend, prefix, redisUrl: testRedisUrl(), databaseUrl: testDatabaseUrl(), schema: prefix });
    cleanup = backend === 'redis' ? () => deleteRedisKeys(prefix) : () => dropPostgresSchema(prefix);
    daemon = startSchedulerProcess('daemon', app, { LEGION_TEST_TAGS: 'none' });
    await daemon.message('ready');

    const payload = { invoiceId: 7, tags: ['x', 'y'], note: 'a "quoted" $VAR' };
    await run('push', { LEGION_TEST_PUSH_TASK: 'payload-closure', LEGION_TEST_PUSH_PAYLOAD: JSON.stringify(payload) });
    await run('push', { LEGION_TEST_PUSH_TASK: 'payload-command', LEGION_TEST_PUSH_PAYLOAD: JSON.stringify(payload) });
    const unknown = await run('push', { LEGION_TEST_PUSH_TASK: 'no-such-task', LEGION_TEST_PUSH_PAYLOAD: '{"n":1}', LEGION_TEST_PUSH_RAW: '1' });

    await waitFor('both payload runs', () => daemon!.assertAlive() ?? (app!.lines('payload-closure.log').length === 1 && app!.lines('payload-command.log').length === 1));
    expect(JSON.parse(app.lines('payload-closure.log')[0]!)).toEqual(payload);
    expect(JSON.parse(app.lines('payload-command.log')[0]!)).toEqual(payload);
    const inspection = (await waitFor(
      'an empty queue with one failure',
      async () => {
        const result = (await run('inspect', {})) as unknown as Inspection;
        return result.stats.inFlight === 0 && result.stats.pending === 0 && result.stats.failed === 1 ? result : undefined;
      },
      30_000,
      250,
    )) as Inspection;
    expect(inspection.stats).toEqual({ pending: 0, delayed: 0, inFlight: 0, failed: 1 });
    expect(inspection.failures).toEqual([expect.objectContaining({ id: unknown.id, taskId: 'no-such-task', reason: 'unknown task id "no-such-task"; nothing was executed' })]);
    const log = readFileSync(app.file(`scheduler-${daemon.pid}.log`), 'utf8');
    expect(log).toContain('"msg":"pushed run rejected: unknown task id \\"no-such-task\\"; nothing was executed"');
    // A run would carry a run id in every log line about it.
    expect(log).not.toMatch(/"taskId":"no-such-task","runId"/);
  }, 120_000);
});
