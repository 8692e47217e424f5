import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { BackendUnavailableError } from '@monkeyslegion/scheduler-core';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisCacheStore } from '../../src/redis.js';
import { hasRedisBinaries } from './redis-cluster.js';

const binaries = await hasRedisBinaries();

/*
 * Regression (found by apps/reliability's soak under faults): a store whose operation timed out while
 * ioredis was between reconnect attempts disconnected the client, which leaves an ioredis client stuck
 * in `reconnecting` forever, so every later operation failed even after Redis was back.
 */
describe.skipIf(!binaries)('RedisCacheStore across a Redis restart', () => {
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

  it('works again once Redis is back after operations timed out during the outage', async () => {
    port = await freePort();
    await start();
    const store = new RedisCacheStore({ url: `redis://127.0.0.1:${port}`, prefix: 'restart:', connectTimeoutMs: 300 });
    try {
      await store.put('k', 1);
      await stop();
      // Long enough for ioredis to be waiting between reconnect attempts when the operations give up.
      for (let attempt = 0; attempt < 3; attempt++) await expect(store.put('k', 2)).rejects.toBeInstanceOf(BackendUnavailableError);
      await start();
      let recovered = false;
      for (let attempt = 0; attempt < 20 && !recovered; attempt++) {
        recovered = await store.put('k', 3).then(
          () => true,
          () => false,
        );
      }
      expect(recovered).toBe(true);
      expect(await store.get('k')).toBe(3);
    } finally {
      await store.close();
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
