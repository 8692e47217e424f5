import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { inspect } from 'node:util';
import net from 'node:net';
import { BackendUnavailableError } from '@monkeyslegion/scheduler-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisDriver } from '../../src/redis.js';

const hasRedisServer = (() => {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/*
 * Regression (found by apps/reliability's hostile-input suite): a wrong password reached the caller as
 * ioredis' raw ReplyError (WRONGPASS) instead of a typed error, unlike the cache store and lock provider,
 * and that error carried the AUTH command with the password in its arguments.
 */
describe.skipIf(!hasRedisServer)('RedisDriver with wrong credentials', () => {
  let server: ChildProcess;
  let port = 0;

  beforeAll(async () => {
    port = await freePort();
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', 'right-password'], { stdio: 'ignore' });
    for (let attempt = 0; attempt < 100 && !(await accepts(port)); attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
  });

  afterAll(async () => {
    if (server.exitCode !== null) return;
    const exited = once(server, 'exit');
    server.kill('SIGTERM');
    await exited;
  });

  it('fails with a BackendUnavailableError that names the refusal and hides the password', async () => {
    const driver = new RedisDriver({ url: `redis://:wrong-secret@127.0.0.1:${port}`, connectTimeoutMs: 500 });
    try {
      const error = await driver.push({ taskId: 'any' }).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(BackendUnavailableError);
      expect((error as Error).message).toContain('WRONGPASS');
      expect((error as Error).message).not.toContain('wrong-secret');
      // Nor anywhere a logger would print it: ioredis' reply error carries the AUTH command's arguments.
      expect(inspect(error, { depth: 10 })).not.toContain('wrong-secret');
    } finally {
      await driver.close();
    }
  });
});

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}
