import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InvalidPayloadError, type Driver } from '@monkeyslegion/scheduler-core';
import { isServiceAvailable, testDatabaseUrl, uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import { RedisDriver, redisDriverKeys } from '@monkeyslegion/scheduler-drivers/redis';
import { SqlDriver } from '@monkeyslegion/scheduler-drivers/sql';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppFolder, type AppFolder } from '../src/process/app-folder.js';
import { killDaemonProcess, startDaemonProcess, stopDaemonProcess, type DaemonProcess } from '../src/process/daemon-process.js';
import { pushPayloads } from '../src/process/push-runs.js';
import { reliabilityProfile } from '../src/profile/reliability-profile.js';
import { dropSchema } from '../src/pushed/in-flight-runs.js';
import { recordFigures } from '../src/results/record-figures.js';
import { startRedisServer, type RedisServer } from '../src/services/redis-server.js';

/*
 * Scenario 5b: hostile pushed payloads. Huge, deeply nested, non-JSON and prototype-polluting payloads are
 * refused with a typed error on every driver before anything is queued; records written straight into
 * the queue behind the driver's back are failed as malformed, never handed to a task; payloads with
 * shell syntax reach a shell task verbatim and execute nothing.
 */
const profile = reliabilityProfile();
const postgresUp = await isServiceAvailable('PostgreSQL', testDatabaseUrl());

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = { level: value };
  return value;
}

function circular(): unknown {
  const value: Record<string, unknown> = { name: 'loop' };
  value.self = value;
  return value;
}

/** Every value here must be refused with InvalidPayloadError. */
const HOSTILE_PAYLOADS: [string, () => unknown][] = [
  ['100 KB of text (limit 64 KB)', () => ({ text: 'x'.repeat(100 * 1024) })],
  ['a 5 MB array', () => Array.from({ length: 700_000 }, () => 1234567)],
  ['1,000 levels of nesting (limit 32)', () => nested(1000)],
  ['100,000 levels of nesting', () => nested(100_000)],
  ['a function', () => ({ run: () => 'pwned' })],
  ['a symbol', () => ({ tag: Symbol('x') })],
  ['a BigInt', () => ({ big: 10n ** 30n })],
  ['undefined', () => ({ missing: undefined })],
  ['NaN', () => ({ ratio: Number.NaN })],
  ['Infinity', () => [Number.POSITIVE_INFINITY]],
  ['a Date', () => ({ at: new Date() })],
  ['a Map', () => new Map([['a', 1]])],
  ['a Buffer', () => Buffer.from('bytes')],
  ['a class instance', () => new (class Invoice { id = 1 })()],
  ['a circular object', circular],
  ['a sparse array', () => [1, , 3]], // eslint-disable-line no-sparse-arrays
  ['an own __proto__ key', () => JSON.parse('{"__proto__":{"polluted":"yes"}}')],
  ['a nested __proto__ key', () => JSON.parse('{"a":[{"__proto__":{"polluted":"yes"}}]}')],
  ['a constructor.prototype chain', () => ({ constructor: { prototype: { polluted: 'yes' } } })],
  ['a prototype key', () => ({ prototype: { polluted: 'yes' } })],
  ['a symbol key', () => ({ [Symbol('k')]: 1 })],
];

describe('hostile payloads pushed through every driver', () => {
  let redis: RedisServer;
  let folder: string;
  const schema = uniqueTestPrefix('hostile');
  const drivers: { name: string; driver: Driver }[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    folder = await mkdtemp(path.join(os.tmpdir(), 'legion-reliability-payloads-'));
    drivers.push({ name: 'redis', driver: new RedisDriver({ url: redis.url, prefix: 'hostile:' }) });
    drivers.push({ name: 'sqlite', driver: new SqlDriver({ url: `sqlite:${path.join(folder, 'queue.db')}` }) });
    if (postgresUp) drivers.push({ name: 'postgres', driver: new SqlDriver({ url: testDatabaseUrl(), schema }) });
  });

  afterAll(async () => {
    for (const { driver } of drivers) await driver.close();
    if (postgresUp) await dropSchema(testDatabaseUrl(), schema);
    await redis?.destroy();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('refuses every hostile payload with InvalidPayloadError on every driver, queues nothing and pollutes nothing', async () => {
    const refusals: Record<string, number> = {};
    for (const { name, driver } of drivers) {
      for (const [what, make] of HOSTILE_PAYLOADS) {
        const error = await driver.push({ taskId: 'hostile', payload: make() }).then(
          () => null,
          (caught: unknown) => caught,
        );
        expect(error, `${name}: ${what}`).toBeInstanceOf(InvalidPayloadError);
        expect((error as Error).message.length, `${name}: ${what}`).toBeLessThan(500);
        refusals[name] = (refusals[name] ?? 0) + 1;
      }
      expect(await driver.stats(), name).toMatchObject({ pending: 0, delayed: 0, inFlight: 0 });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    recordFigures(profile, 'hostilePayloads', { payloadsTried: HOSTILE_PAYLOADS.length, drivers: drivers.map(({ name }) => name), refusals });
  });

  it('accepts a payload right at the 64 KB limit and 32 levels deep on every driver', async () => {
    for (const { name, driver } of drivers) {
      const text = 'y'.repeat(64 * 1024 - JSON.stringify({ t: '' }).length);
      await expect(driver.push({ taskId: 'limit', payload: { t: text } }), name).resolves.toEqual(expect.any(String));
      await expect(driver.push({ taskId: 'limit', payload: nested(31) }), name).resolves.toEqual(expect.any(String));
      await expect(driver.push({ taskId: 'limit', payload: { t: `${text}z` } }), name).rejects.toBeInstanceOf(InvalidPayloadError);
    }
  });
});

describe('hostile payloads at a running daemon (Redis)', () => {
  let redis: RedisServer;
  let app: AppFolder;
  let daemon: DaemonProcess;
  const prefix = uniqueTestPrefix('payload');

  beforeAll(async () => {
    redis = await startRedisServer();
    app = await createAppFolder('payload-app', { redisUrl: redis.url, prefix });
    daemon = await startDaemonProcess({ appDir: app.dir, host: 'payload-host' });
  });

  afterAll(async () => {
    if (daemon) await killDaemonProcess(daemon);
    await redis?.destroy();
    await app?.remove();
  });

  it('hands shell syntax to a shell task verbatim and executes none of it', async () => {
    const payloads = [
      '"; touch PWNED-1; echo "',
      '$(touch PWNED-2)',
      '`touch PWNED-3`',
      "'; touch PWNED-4; '",
      'line\ntouch PWNED-5',
      { cmd: '$(touch PWNED-6)', list: ['`touch PWNED-7`', '|| touch PWNED-8'] },
      '-n -e \\x41 %s %n %%',
      '$LEGION_TASK_ID ${HOME} $((1+1))',
    ];
    const report = await pushPayloads(app.dir, 'echo-payload', payloads);
    expect(report.refused).toEqual([]);
    await waitFor(() => app.lines('payloads.log').length >= payloads.length, 30_000);
    expect([...app.lines('payloads.log')].sort()).toEqual(payloads.map((payload) => JSON.stringify(payload)).sort());
    for (let index = 1; index <= 8; index++) {
      expect(existsSync(app.file(`PWNED-${index}`))).toBe(false);
      expect(existsSync(path.join(os.tmpdir(), `PWNED-${index}`))).toBe(false);
    }
  });

  it('refuses prototype-polluting payloads at the pusher, and fails records slipped into the queue as malformed', async () => {
    const refused = await pushPayloads(app.dir, 'proto-probe', [JSON.parse('{"__proto__":{"polluted":"yes"}}'), { constructor: { prototype: { polluted: 'yes' } } }, { ok: 'pushed' }]);
    expect(refused.refused.map((entry) => entry.name)).toEqual(['InvalidPayloadError', 'InvalidPayloadError']);
    await waitFor(() => app.lines('probe.log').length >= 1, 30_000);
    // Behind the driver's back: raw stream entries a compromised or buggy writer could leave.
    const client = new Redis(redis.url);
    const stream = redisDriverKeys(`${prefix}:`).stream;
    const raw = [
      ['taskId', 'proto-probe', 'payload', '{"__proto__":{"polluted":"yes"}}'],
      ['taskId', 'proto-probe', 'payload', '{"a":{"constructor":{"prototype":{"polluted":"yes"}}}}'],
      ['taskId', 'proto-probe', 'payload', 'not json {'],
      ['taskId', 'proto-probe', 'payload', JSON.stringify({ t: 'x'.repeat(200 * 1024) })],
      ['taskId', 'x'.repeat(10 * 1024), 'payload', '{}'],
      ['taskId', 'proto-probe', 'payload', '{"ok":"raw"}'],
    ];
    try {
      for (const fields of raw) await client.xadd(stream, '*', ...fields);
    } finally {
      client.disconnect();
    }
    await waitFor(() => app.lines('probe.log').length >= 2, 30_000);
    const inspector = new RedisDriver({ url: redis.url, prefix: `${prefix}:` });
    try {
      // The control run is acked just after its child wrote the probe line.
      await waitFor(async () => { const stats = await inspector.stats(); return stats.failed >= 5 && stats.inFlight === 0; }, 30_000);
      const failures = await inspector.failures(20);
      expect(failures.map((failure) => failure.reason.startsWith('malformed record:'))).toEqual([true, true, true, true, true]);
      expect(await inspector.stats()).toMatchObject({ pending: 0, inFlight: 0, failed: 5 });
    } finally {
      await inspector.close();
    }
    const probes = app.lines('probe.log').map((line) => JSON.parse(line) as { polluted: unknown; payload: unknown });
    expect(probes).toEqual([
      { polluted: null, payload: { ok: 'pushed' } },
      { polluted: null, payload: { ok: 'raw' } },
    ]);
    await stopDaemonProcess(daemon);
    expect((await daemon.exited).code).toBe(0);
  });
});

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`reliability: condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
