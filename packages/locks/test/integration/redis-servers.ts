import { execFile } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';

const run = promisify(execFile);

/** A free TCP port on 127.0.0.1, as the kernel hands it out. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A throwaway redis-server (no persistence) on a free port; `stop()` shuts it down. */
export interface ScratchRedis {
  url: string;
  stop(): Promise<void>;
}

/** Starts a daemonized `redis-server` without persistence on a free port and waits until it answers PING. */
export async function startScratchRedis(): Promise<ScratchRedis> {
  const port = await freePort();
  await run('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'yes']);
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  for (let attempt = 0; ; attempt += 1) {
    try {
      await client.ping();
      break;
    } catch (error) {
      if (attempt > 100) throw error;
      await sleep(50);
    }
  }
  return {
    url,
    stop: async () => {
      // SHUTDOWN closes the connection instead of replying.
      await client.call('SHUTDOWN', 'NOSAVE').catch(() => undefined);
      client.disconnect();
    },
  };
}
