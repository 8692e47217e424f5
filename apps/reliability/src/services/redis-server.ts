import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';

/** Options of `startRedisServer`. */
export interface RedisServerOptions {
  /**
   * Password the server requires (`requirepass`); it then appears in `url`, which lets a test check that
   * no log line or error ever prints it.
   */
  password?: string;
}

/** A private `redis-server` on a spare port that a test may stop, restart and kill. */
export interface RedisServer {
  /** `redis://:<password>@127.0.0.1:<port>` (password only when set). */
  readonly url: string;
  readonly port: number;
  /** The password, so tests can search logs for it. */
  readonly password: string | undefined;
  /** `true` while the server process runs. */
  readonly running: boolean;
  /** Stops the server gracefully (SIGTERM: it writes its append-only file and exits). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data folder; resolves once it answers PING. */
  start(): Promise<void>;
  /** Stops it and removes its data folder. */
  destroy(): Promise<void>;
}

/**
 * Starts `redis-server` on a free port with an append-only file synced on every write, so a stopped and
 * restarted server comes back with every lock and claim it held: the outage a test simulates is a lost
 * connection, not lost data (Redlock's own safety argument assumes the same persistence).
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'legion-reliability-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir, '--logfile', path.join(dir, 'redis.log')];
  if (options.password !== undefined) args.push('--requirepass', options.password);
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const start = async () => {
    if (child !== null) return;
    const started = spawn('redis-server', args, { stdio: 'ignore' });
    child = started;
    exited = new Promise((resolve) => started.once('exit', () => resolve()));
    void exited.then(() => {
      if (child === started) child = null;
    });
    await waitForPong(port, options.password, 10_000);
  };
  const stop = async () => {
    const running = child;
    if (running === null) return;
    running.kill('SIGTERM');
    await exited;
    child = null;
  };
  await start();
  const auth = options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`;
  return {
    url: `redis://${auth}127.0.0.1:${port}`,
    port,
    password: options.password,
    get running() {
      return child !== null;
    },
    stop,
    start,
    destroy: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves when the server answers PING (with AUTH first when it has a password). */
async function waitForPong(port: number, password: string | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await ping(port, password)) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function ping(port: number, password: string | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => {
      const auth = password === undefined ? '' : `AUTH ${JSON.stringify(password)}\r\n`;
      socket.write(`${auth}PING\r\n`);
    });
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
      if (answer.includes('+PONG')) done(true);
      else if (answer.includes('-LOADING') || answer.includes('-ERR')) done(false);
    });
  });
}
