import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';

const run = promisify(execFile);

/** Redis servers started for one section (the quorum lock benchmark), stopped by `stop()`. */
export interface ExtraRedisServers {
  /** `redis://127.0.0.1:<port>` of each started server. */
  urls: string[];
  /** Shuts every started server down (no save). */
  stop(): Promise<void>;
}

/**
 * Starts `count` throw-away `redis-server`s on free local ports (no persistence, daemonized, files in
 * `dir`) and waits until each answers PING.
 */
export async function startExtraRedisServers(count: number, dir: string): Promise<ExtraRedisServers> {
  mkdirSync(dir, { recursive: true });
  const ports: number[] = [];
  const stop = async () => {
    for (const port of ports) {
      await run('redis-cli', ['-p', String(port), 'shutdown', 'nosave'], { timeout: 10_000 }).catch(() => undefined);
    }
  };
  try {
    for (let index = 0; index < count; index++) {
      const port = await freePort();
      await run('redis-server', [
        '--port', String(port),
        '--bind', '127.0.0.1',
        '--save', '',
        '--appendonly', 'no',
        '--daemonize', 'yes',
        '--dir', dir,
        '--pidfile', path.join(dir, `redis-${port}.pid`),
        '--logfile', path.join(dir, `redis-${port}.log`),
      ], { timeout: 10_000 });
      ports.push(port);
      await waitForPing(port);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls: ports.map((port) => `redis://127.0.0.1:${port}`), stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPing(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      client.disconnect();
    }
  }
}
