import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HARNESS = fileURLToPath(new URL('../../fixtures/bin/daemon-process.mjs', import.meta.url));

/** Settings of one daemon process. */
export interface DaemonProcessOptions {
  /** The app folder holding `scheduler.config.ts`. */
  appDir: string;
  /** Host identity (`LEGION_HOST`), also seen by every task child. */
  host: string;
  /** How far ahead (positive) or behind (negative) the daemon's injected clock runs. @default 0 */
  skewMs?: number;
  /** Pulse interval. @default 1000 */
  sleepMs?: number;
  visibilityTimeoutMs?: number;
  maxConcurrentPushed?: number;
  /** Serve pushed runs. @default true */
  servePushed?: boolean;
  /** pino level of the daemon's log file. @default 'info' */
  logLevel?: string;
}

/** A JSON message the daemon wrote on stdout. */
export type DaemonMessage = { event: string } & Record<string, unknown>;

/** A running daemon process. */
export interface DaemonProcess {
  readonly options: DaemonProcessOptions;
  readonly child: ChildProcess;
  readonly pid: number;
  /** Its JSON log file (`daemon-<host>-<pid>.log` in the app folder). */
  readonly logFile: string;
  readonly messages: DaemonMessage[];
  /** Resolves with the first message of `event`. */
  message(event: string, timeoutMs?: number): Promise<DaemonMessage>;
  /** Resolves when the process exited, with what it printed on stderr. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  /** `true` until the process exited. */
  readonly alive: boolean;
}

/** Starts `fixtures/bin/daemon-process.mjs` and resolves once its daemon loop is about to start. */
export async function startDaemonProcess(options: DaemonProcessOptions): Promise<DaemonProcess> {
  const logFile = path.join(options.appDir, `daemon-${options.host}-${Date.now().toString(36)}.log`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LEGION_HOST: options.host,
    RELIABILITY_APP_DIR: options.appDir,
    RELIABILITY_LOG_FILE: logFile,
    RELIABILITY_SKEW_MS: String(options.skewMs ?? 0),
    RELIABILITY_SLEEP_MS: options.sleepMs === undefined ? '' : String(options.sleepMs),
    RELIABILITY_VISIBILITY_MS: options.visibilityTimeoutMs === undefined ? '' : String(options.visibilityTimeoutMs),
    RELIABILITY_MAX_PUSHED: options.maxConcurrentPushed === undefined ? '' : String(options.maxConcurrentPushed),
    RELIABILITY_SERVE_PUSHED: options.servePushed === false ? '0' : '1',
    RELIABILITY_LOG_LEVEL: options.logLevel ?? 'info',
  };
  const child = spawn(process.execPath, [HARNESS], { cwd: options.appDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const messages: DaemonMessage[] = [];
  const waiters: Array<() => void> = [];
  let stdout = '';
  let stderr = '';
  let alive = true;
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    let newline = stdout.indexOf('\n');
    while (newline >= 0) {
      const line = stdout.slice(0, newline);
      stdout = stdout.slice(newline + 1);
      if (line.trim() !== '') messages.push(JSON.parse(line) as DaemonMessage);
      newline = stdout.indexOf('\n');
    }
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    // Bounded: a daemon that prints without end must not grow the harness.
    if (stderr.length < 64 * 1024) stderr += chunk.toString('utf8');
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.once('exit', (code, signal) => {
      alive = false;
      for (const wake of waiters.splice(0)) wake();
      resolve({ code, signal, stderr });
    });
  });
  const message = (event: string, timeoutMs = 30_000) =>
    new Promise<DaemonMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`daemon ${options.host} sent no "${event}" within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`)), timeoutMs);
      const check = () => {
        const found = messages.find((entry) => entry.event === event);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else if (!alive) {
          clearTimeout(timer);
          reject(new Error(`daemon ${options.host} exited before "${event}"; stderr: ${stderr.slice(-2000)}`));
        } else {
          waiters.push(check);
        }
      };
      check();
    });
  const handle: DaemonProcess = {
    options,
    child,
    pid: child.pid!,
    logFile,
    messages,
    message,
    exited,
    get alive() {
      return alive;
    },
  };
  await message('ready', 60_000);
  return handle;
}

/** Sends SIGTERM and waits for the drain to finish (SIGKILL after `timeoutMs`). */
export async function stopDaemonProcess(daemon: DaemonProcess, timeoutMs = 60_000): Promise<void> {
  if (!daemon.alive) return;
  daemon.child.kill('SIGTERM');
  const timer = setTimeout(() => daemon.child.kill('SIGKILL'), timeoutMs);
  await daemon.exited;
  clearTimeout(timer);
}

/** SIGKILLs the daemon (no drain, no lock release) and waits until it is gone. */
export async function killDaemonProcess(daemon: DaemonProcess): Promise<void> {
  if (!daemon.alive) return;
  daemon.child.kill('SIGKILL');
  await daemon.exited;
}
