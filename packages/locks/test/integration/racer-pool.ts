import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const packageRoot = path.resolve(here, '../..');
const fixture = path.join(packageRoot, 'test/fixtures/lock-racer.mjs');

/** A message from a racer child. */
export interface RacerReply {
  type: string;
  round?: number;
  won?: boolean;
  released?: boolean;
  message?: string;
}

/**
 * jiti is not a dependency of this package; it is reachable through vite (vitest's bundler), which has
 * it as a peer. Resolving it from there keeps the path free of machine-specific locations.
 */
function jitiEntry(): string {
  const vite = createRequire(import.meta.url).resolve('vite/package.json');
  return path.join(path.dirname(createRequire(vite).resolve('jiti/package.json')), 'lib/jiti.mjs');
}

/** Maps every subpath export of our workspace dependencies to its TypeScript `source` file. */
function workspaceAliases(): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const name of ['@monkeyslegion/scheduler-core', '@monkeyslegion/scheduler-cache']) {
    const directory = fs.realpathSync(path.join(packageRoot, 'node_modules', name));
    const manifest = JSON.parse(fs.readFileSync(path.join(directory, 'package.json'), 'utf8')) as {
      exports: Record<string, { source?: string }>;
    };
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      if (target.source) aliases[subpath === '.' ? name : `${name}/${subpath.slice(2)}`] = path.join(directory, target.source);
    }
  }
  return aliases;
}

interface Inbox {
  replies: RacerReply[];
  waiters: Array<{ resolve: (reply: RacerReply) => void; reject: (error: Error) => void }>;
  exit: Error | null;
}

/** A set of child processes racing for locks on command. */
export class RacerPool {
  readonly children: ChildProcess[];
  readonly #inbox = new Map<ChildProcess, Inbox>();

  private constructor(children: ChildProcess[]) {
    this.children = children;
    for (const child of children) {
      const box: Inbox = { replies: [], waiters: [], exit: null };
      this.#inbox.set(child, box);
      child.on('message', (reply: RacerReply) => {
        const waiter = box.waiters.shift();
        if (waiter) waiter.resolve(reply);
        else box.replies.push(reply);
      });
      child.once('exit', (code, signal) => {
        box.exit = new Error(`racer ${child.pid} exited (${code ?? signal})`);
        for (const waiter of box.waiters.splice(0)) waiter.reject(box.exit);
      });
    }
  }

  /** Forks `count` racers and waits until each has loaded the sources. */
  static async start(count: number): Promise<RacerPool> {
    const env = { ...process.env, LEGION_TEST_JITI: jitiEntry(), LEGION_TEST_ALIAS: JSON.stringify(workspaceAliases()) };
    const children = Array.from({ length: count }, () => fork(fixture, [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    const pool = new RacerPool(children);
    await Promise.all(children.map((child) => pool.expect(child, 'ready')));
    return pool;
  }

  /** The next reply of `child`; rejects when it reports an error or a different reply. */
  async expect(child: ChildProcess, type: string): Promise<RacerReply> {
    const box = this.#inbox.get(child)!;
    const queued = box.replies.shift();
    if (queued === undefined && box.exit) throw box.exit;
    const reply = queued ?? (await new Promise<RacerReply>((resolve, reject) => box.waiters.push({ resolve, reject })));
    if (reply.type !== type) throw new Error(`racer ${child.pid} answered ${JSON.stringify(reply)} instead of ${type}`);
    return reply;
  }

  /** Sends `message` to `children` and waits for each one's `type` reply. */
  async ask(children: readonly ChildProcess[], message: object, type: string): Promise<RacerReply[]> {
    for (const child of children) child.send(message);
    return Promise.all(children.map((child) => this.expect(child, type)));
  }

  /** Opens a provider of `kind` in every racer. */
  async open(kind: 'redis' | 'file' | 'sqlite-cache', config: object, children = this.children): Promise<void> {
    await this.ask(children, { type: 'open', kind, config }, 'opened');
  }

  /** Kills every racer still alive. */
  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
  }
}
