import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FixtureApp } from './fixture-app.js';

const HARNESS = fileURLToPath(new URL('../fixtures/bin/scheduler-process.mjs', import.meta.url));

/** A JSON message the harness wrote on stdout. */
export type HarnessMessage = { event: string } & Record<string, unknown>;

/** A running `scheduler-process.mjs`. */
export interface SchedulerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Every message so far. */
  readonly messages: HarnessMessage[];
  /** Resolves with the first message of `event` (already received or future). */
  message(event: string, timeoutMs?: number): Promise<HarnessMessage>;
  /** Resolves when the process exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  /** Throws (with its stderr) when the process has exited; for polls that must not wait on a dead process. */
  assertAlive(): void;
}

/**
 * Starts a heartbeat, daemon, pusher or inspector of `app` in its own Node process: the compiled runner
 * with the config's plugins, as the CLI runs it. (In the test process the config's plugins come from the
 * packages' builds while the runner comes from its sources, and core's DI tokens do not match across
 * two copies of core; anything that needs Redis or PostgreSQL plugins therefore runs out of process.)
 */
export function startSchedulerProcess(mode: 'heartbeat' | 'daemon' | 'push' | 'inspect', app: FixtureApp, env: Record<string, string> = {}, nodeArgs: string[] = []): SchedulerProcess {
  const child = spawn(process.execPath, [...nodeArgs, HARNESS, mode, app.dir], {
    cwd: app.dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const messages: HarnessMessage[] = [];
  const waiters: Array<() => void> = [];
  let buffered = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let newline = buffered.indexOf('\n');
    while (newline !== -1) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.startsWith('{')) messages.push(JSON.parse(line) as HarnessMessage);
      newline = buffered.indexOf('\n');
    }
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.once('exit', (code, signal) => {
      for (const wake of waiters.splice(0)) wake();
      resolve({ code, signal, stderr });
    });
  });
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const message = (event: string, timeoutMs = 30_000) =>
    new Promise<HarnessMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`scheduler process: no "${event}" message within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`)), timeoutMs);
      const check = () => {
        const found = messages.find((entry) => entry.event === event);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else if (hasExited || child.exitCode !== null || child.signalCode !== null) {
          clearTimeout(timer);
          reject(new Error(`scheduler process exited (${child.exitCode ?? child.signalCode}) before "${event}"; stderr: ${stderr.slice(-2000)}`));
        } else {
          waiters.push(check);
        }
      };
      check();
    });
  const assertAlive = () => {
    if (hasExited || child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`scheduler process ${child.pid} exited (${child.exitCode ?? child.signalCode}); stderr: ${stderr.slice(-2000)}`);
    }
  };
  return { child, pid: child.pid!, messages, message, exited, assertAlive };
}
