import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.resolve(here, '../fixtures/lock-racer.mjs');

/** A message from a racer child. */
export interface RacerReply {
  type: string;
  round?: number;
  won?: boolean;
  released?: boolean;
  message?: string;
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
    const children = Array.from({ length: count }, () => fork(fixture, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
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
