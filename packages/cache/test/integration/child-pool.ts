import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** A message a racing child sends back: `ready` once, then one per round. */
export interface ChildMessage {
  type: string;
  round?: number;
}

/** A set of forked child processes driven round by round over IPC. */
export interface ChildPool<M extends ChildMessage> {
  /** The forked processes. */
  readonly children: readonly ChildProcess[];
  /** Waits until every child has sent a message matching `predicate` and returns them in child order. */
  collect(predicate: (message: M) => boolean): Promise<M[]>;
  /** Sends `message` to every child. */
  broadcast(message: object): void;
  /** Sends `{ type: 'stop' }` and waits for every child to exit. */
  stop(): Promise<void>;
  /** Kills children that are still running (for `afterAll`). */
  kill(): void;
}

/** Forks `count` copies of `script` with `args`; a child that exits early fails the next `collect`. */
export function forkChildPool<M extends ChildMessage>(script: string, args: readonly string[], count: number): ChildPool<M> {
  const inbox: M[][] = [];
  const waiters: (() => void)[] = [];
  const notify = () => waiters.splice(0).forEach((wake) => wake());
  const children = Array.from({ length: count }, (_, index) => {
    inbox[index] = [];
    // execArgv: [] drops the vitest worker's flags (its `--conditions source` would resolve core to TypeScript).
    const child = fork(script, [...args], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (message: M) => {
      inbox[index]!.push(message);
      notify();
    });
    child.on('exit', notify);
    return child;
  });
  return {
    children,
    async collect(predicate) {
      for (;;) {
        const found = inbox.map((messages) => messages.find(predicate));
        if (found.every((message) => message !== undefined)) return found as M[];
        const dead = children.find((child) => child.exitCode !== null);
        if (dead) throw new Error(`child ${dead.pid} exited early with code ${dead.exitCode}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    broadcast(message) {
      for (const child of children) child.send(message);
    },
    async stop() {
      for (const child of children) child.send({ type: 'stop' });
      await Promise.all(children.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)));
    },
    kill() {
      for (const child of children) if (child.exitCode === null) child.kill();
    },
  };
}
