import { spawn } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { inspect } from 'node:util';
import { Application, BackendUnavailableError, SchedulerError, defineConfig, type Plugin } from '@monkeyslegion/scheduler-core';
import { isServiceAvailable, testDatabaseUrl } from '@monkeyslegion/scheduler-core/testing';
import { redisCache } from '@monkeyslegion/scheduler-cache';
import { redisLocks } from '@monkeyslegion/scheduler-locks';
import { redisDriver, sqlDriver } from '@monkeyslegion/scheduler-drivers';
import { DRIVER } from '@monkeyslegion/scheduler-core';
import { InterruptRefusedError, interruptRun, openScheduler, type SchedulerRuntime } from '@monkeyslegion/scheduler-runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../src/logs/memory-logger.js';
import { createAppFolder, type AppFolder } from '../src/process/app-folder.js';
import { runLegion } from '../src/process/run-legion.js';
import { reliabilityProfile } from '../src/profile/reliability-profile.js';
import { recordFigures } from '../src/results/record-figures.js';
import { freePort } from '../src/services/free-port.js';
import { startRedisServer, type RedisServer } from '../src/services/redis-server.js';

/*
 * Scenario 5c: hostile operations. `interruptRun` refuses anything that is not a task run of this
 * scheduler (pid 1, its own pid, its parent, dead or foreign pids) and signals nothing; URLs with
 * passwords never reach an error, a stack, a cause or a log line, on boot failures and in the CLI;
 * everything under `.legion/` is owner-only even when created under umask 000.
 */
const profile = reliabilityProfile();
const SECRET = 'Sup3r-Secret-pa55word';
const postgresUp = await isServiceAvailable('PostgreSQL', testDatabaseUrl());

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('interruptRun on pids that are not task runs', () => {
  let app: AppFolder;
  let scheduler: SchedulerRuntime;

  beforeAll(async () => {
    app = await createAppFolder('hostile-app', { ids: ['victim'] });
    scheduler = await openScheduler({ cwd: app.dir, host: 'interrupt-host', logger: memoryLogger().logger });
  });

  afterAll(async () => {
    await scheduler?.close();
    await app?.remove();
  });

  it('refuses pid 1, its own pid, its parent, nonsense pids and dead pids with InterruptRefusedError', async () => {
    const finished = spawn('true');
    await new Promise((resolve) => finished.once('exit', resolve));
    const refused: unknown[] = [1, 0, -1, 1.5, Number.NaN, 2 ** 53, process.pid, process.ppid, finished.pid!, '1; kill -9 1'];
    for (const pid of refused) {
      await expect(interruptRun(scheduler, pid as number, { graceMs: 100 }), String(pid)).rejects.toBeInstanceOf(InterruptRefusedError);
    }
    expect(isAlive(process.pid)).toBe(true);
    recordFigures(profile, 'hostileInterrupts', { pidsRefused: refused.length + 2 });
  });

  it('refuses a live process that is no task run, and one registered by another host, and leaves both running', async () => {
    const bystander = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await expect(interruptRun(scheduler, bystander.pid!, { graceMs: 100 })).rejects.toBeInstanceOf(InterruptRefusedError);
      await scheduler.running.put({ pid: bystander.pid!, taskId: 'victim', runId: 'foreign-run', host: 'another-host', schedulerPid: 4242, startedAt: new Date().toISOString(), scheduledAt: new Date().toISOString() });
      await expect(interruptRun(scheduler, bystander.pid!, { graceMs: 100 })).rejects.toBeInstanceOf(InterruptRefusedError);
      expect(isAlive(bystander.pid!)).toBe(true);
    } finally {
      bystander.kill('SIGKILL');
    }
  });
});

describe('URLs with passwords in errors and logs', () => {
  let redis: RedisServer;
  let closedPort: number;

  beforeAll(async () => {
    redis = await startRedisServer({ password: 'the-right-one' });
    closedPort = await freePort();
  });

  afterAll(async () => {
    await redis?.destroy();
  });

  const expectNoSecret = (where: string, text: string) => {
    expect(text.length, where).toBeGreaterThan(0);
    expect(text.includes(SECRET), `${where} printed the password: ${text.slice(0, 300)}`).toBe(false);
  };

  /** Boots with `plugin` (and uses the driver once, since drivers connect lazily); returns the failure and the log. */
  async function failingBoot(plugin: Plugin): Promise<{ error: unknown; log: string }> {
    const { logger, text } = memoryLogger();
    let error: unknown = null;
    try {
      const app = await Application.boot(defineConfig({ plugins: [plugin] }), { logger, skipTasks: true });
      try {
        if (app.has(DRIVER)) await app.resolve(DRIVER).push({ taskId: 'any' });
      } finally {
        await app.shutdown();
      }
    } catch (caught) {
      error = caught;
    }
    logger.error({ err: error }, 'boot failed');
    logger.flush();
    return { error, log: text() };
  }

  const cases = () => [
    { name: 'redisCache on a closed port', plugin: redisCache({ url: `redis://:${SECRET}@127.0.0.1:${closedPort}`, connectTimeoutMs: 500 }) },
    { name: 'redisLocks on a closed port', plugin: redisLocks({ url: `redis://:${SECRET}@127.0.0.1:${closedPort}`, connectTimeoutMs: 500 }) },
    { name: 'redisDriver on a closed port', plugin: redisDriver({ url: `redis://user:${SECRET}@127.0.0.1:${closedPort}/0`, connectTimeoutMs: 500 }) },
    { name: 'redisCache with a wrong password', plugin: redisCache({ url: `redis://:${SECRET}@127.0.0.1:${redis.port}`, connectTimeoutMs: 500 }) },
    { name: 'redisLocks with a wrong password', plugin: redisLocks({ url: `redis://:${SECRET}@127.0.0.1:${redis.port}`, connectTimeoutMs: 500 }) },
    { name: 'redisDriver with a wrong password', plugin: redisDriver({ url: `redis://:${SECRET}@127.0.0.1:${redis.port}`, connectTimeoutMs: 500 }) },
    { name: 'sqlDriver (PostgreSQL) on a closed port', plugin: sqlDriver({ url: `postgres://scheduler:${SECRET}@127.0.0.1:${closedPort}/app`, connectTimeoutMs: 500 }) },
  ];

  it('fails every boot or first use with a typed error whose message, stack, cause chain and log lines hide the password', async () => {
    let checked = 0;
    for (const { name, plugin } of cases()) {
      const { error, log } = await failingBoot(plugin);
      expect(error, name).toBeInstanceOf(SchedulerError);
      if (name.includes('closed port')) expect(error, name).toBeInstanceOf(BackendUnavailableError);
      expectNoSecret(`${name}: message`, (error as Error).message);
      expectNoSecret(`${name}: inspected error with its causes`, inspect(error, { depth: 10 }));
      expectNoSecret(`${name}: log`, log);
      checked++;
    }
    recordFigures(profile, 'secretRedaction', { bootFailuresChecked: checked });
  });

  it('never prints the password from the built CLI, even with --verbose stack traces', async () => {
    const scenarios = [
      { plugin: 'redis-locks', url: `redis://:${SECRET}@127.0.0.1:${closedPort}` },
      { plugin: 'redis-cache', url: `redis://:${SECRET}@127.0.0.1:${redis.port}` },
      { plugin: 'redis-driver', url: `redis://:${SECRET}@127.0.0.1:${closedPort}` },
      ...(postgresUp ? [{ plugin: 'sql-driver', url: `postgres://scheduler:${SECRET}@127.0.0.1:${closedPort}/app` }] : []),
    ];
    for (const scenario of scenarios) {
      const app = await createAppFolder('secrets-app', scenario);
      try {
        for (const args of [['schedule:list', '--verbose'], ['schedule:push', 'harmless', '--verbose']]) {
          const result = await runLegion(app.dir, args);
          const where = `${scenario.plugin} ${args.join(' ')}`;
          expectNoSecret(`${where} (exit ${result.code})`, result.stdout + result.stderr);
          // Drivers connect on first use: listing never touches them, pushing does.
          if (!scenario.plugin.endsWith('driver') || args[0] === 'schedule:push') expect(result.code, where).toBe(1);
        }
      } finally {
        await app.remove();
      }
    }
  });
});

describe('owner-only files under .legion/', () => {
  let app: AppFolder;

  beforeAll(async () => {
    app = await createAppFolder('modes-app', {});
  });

  afterAll(async () => {
    await app?.remove();
  });

  it('creates every folder 0700 and every file 0600 even under umask 000', async () => {
    const run = await runLegion(app.dir, ['schedule:run', '--force'], { umask: 0 });
    expect(run.code, run.stderr).toBe(0);
    expect((await runLegion(app.dir, ['schedule:push', 'stat-locks', '--payload={"a":1}'], { umask: 0 })).code).toBe(0);
    const modes: Record<string, string> = {};
    const walk = async (folder: string): Promise<void> => {
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        const full = path.join(folder, entry.name);
        modes[path.relative(app.dir, full)] = ((await stat(full)).mode & 0o777).toString(8);
        if (entry.isDirectory()) await walk(full);
      }
    };
    modes['.legion'] = ((await stat(app.file('.legion'))).mode & 0o777).toString(8);
    await walk(app.file('.legion'));
    recordFigures(profile, 'legionFileModes', modes);
    expect(Object.keys(modes)).toEqual(expect.arrayContaining(['.legion', '.legion/scheduler.db', '.legion/locks']));
    for (const [entry, mode] of Object.entries(modes)) expect(Number.parseInt(mode, 8) & 0o077, `${entry} is ${mode}`).toBe(0);
    // The lock file the task's own scheduler held while the task ran.
    const lockModes = (await readFile(app.file('lock-modes.txt'), 'utf8')).trim().split('\n');
    expect(lockModes.length).toBeGreaterThan(0);
    for (const line of lockModes) expect(line, line).toMatch(/^600 /);
  });
});
