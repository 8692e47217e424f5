import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { BackendUnavailableError } from '@monkeyslegion/scheduler-core';
import { afterAll, describe, expect, it } from 'vitest';
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
 * Regression (found by apps/reliability's soak under faults): an operation that timed out while ioredis
 * was between reconnect attempts disconnected the client, which leaves an ioredis client stuck in
 * `reconnecting` forever: after a Redis restart the daemon never claimed a pushed run again.
 */
describe.skipIf(!hasRedisServer)('RedisDriver across a Redis restart', () => {
  let server: ChildProcess | null = null;
  let port = 0;
  const start = async () => {
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let attempt = 0; attempt < 100 && !(await accepts(port)); attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
  };
  const stop = async () => {
    const running = server;
    server = null;
    if (running === null || running.exitCode !== null) return;
    const exited = once(running, 'exit');
    running.kill('SIGTERM');
    await exited;
  };
  afterAll(stop);

  it('pushes and claims again once Redis is back after operations timed out during the outage', async () => {
    port = await freePort();
    await start();
    const driver = new RedisDriver({ url: `redis://127.0.0.1:${port}`, prefix: 'restart:', connectTimeoutMs: 300 });
    try {
      await driver.push({ taskId: 'before' });
      await stop();
      // Long enough for ioredis to be waiting between reconnect attempts when the operations give up.
      for (let attempt = 0; attempt < 3; attempt++) await expect(driver.claim('consumer', 1, 1000)).rejects.toBeInstanceOf(BackendUnavailableError);
      await start();
      let pushed: string | null = null;
      for (let attempt = 0; attempt < 20 && pushed === null; attempt++) {
        pushed = await driver.push({ taskId: 'after' }).catch(() => null);
      }
      expect(pushed).not.toBeNull();
      // The server restarted empty (no persistence): only the run pushed after the restart is there.
      expect((await driver.claim('consumer', 10, 1000)).map((run) => run.taskId)).toEqual(['after']);
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
