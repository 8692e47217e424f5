import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SubjectFailedError } from './subject-failed-error.js';

/** Messages from a subject process to the harness. */
export type SubjectMessage =
  | { kind: 'event'; event: unknown }
  | { kind: 'result'; result: unknown }
  | { kind: 'error'; message: string; stack?: string };

/** Options of `SubjectProcess.start`. */
export interface SubjectProcessOptions {
  /** Kill the subject and fail after this long. */
  timeoutMs: number;
  /**
   * V8 old-space limit of the subject in MB; peers holding 100k jobs need several GB.
   * @default 4096
   */
  maxOldSpaceMb?: number;
  /** Extra environment. */
  env?: NodeJS.ProcessEnv;
  /** Receives the subject's streamed events. */
  onEvent?(event: unknown): void;
}

// Keep enough of a dead subject's stderr to show why it died (V8 prints "heap out of memory" last).
const STDERR_TAIL_BYTES = 4000;

/**
 * A benchmark subject in its own Node process (fresh heap, `--expose-gc`), so one subject's memory,
 * JIT state and timers never contaminate another's figures. Talks over the IPC channel: the harness
 * sends the input, the subject streams events and ends with one result.
 */
export class SubjectProcess<Result> {
  readonly result: Promise<Result>;
  private readonly child: ChildProcess;
  private stderrTail = '';

  private constructor(
    readonly name: string,
    input: unknown,
    options: SubjectProcessOptions,
  ) {
    const file = fileURLToPath(new URL(`../subjects/${name}.js`, import.meta.url));
    this.child = fork(file, [], {
      execArgv: ['--expose-gc', `--max-old-space-size=${options.maxOldSpaceMb ?? 4096}`],
      env: { ...process.env, ...options.env },
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    this.result = new Promise<Result>((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        settle(() => reject(new SubjectFailedError(name, `no result within ${Math.round(options.timeoutMs / 1000)} s (killed)`)));
      }, options.timeoutMs);
      this.child.on('message', (message: SubjectMessage) => {
        if (message.kind === 'event') options.onEvent?.(message.event);
        else if (message.kind === 'result') settle(() => resolve(message.result as Result));
        else if (message.kind === 'error') settle(() => reject(new SubjectFailedError(name, message.message, message.stack)));
      });
      this.child.once('error', (error) => settle(() => reject(new SubjectFailedError(name, error.message, error))));
      this.child.once('exit', (code, signal) => {
        const why = signal ? `killed by ${signal}` : `exited with code ${code}`;
        settle(() => reject(new SubjectFailedError(name, `${why} before reporting a result${this.describeStderr()}`)));
      });
    });
    // Failures are surfaced through `result`; an unobserved rejection must not crash the harness.
    this.result.catch(() => undefined);
    this.child.send({ kind: 'input', input });
  }

  /** Starts the compiled subject `dist/subjects/<name>.js` with `input`. */
  static start<Result>(name: string, input: unknown, options: SubjectProcessOptions): SubjectProcess<Result> {
    return new SubjectProcess<Result>(name, input, options);
  }

  /** Sends a command to the subject (e.g. `stop`). */
  send(command: unknown): void {
    if (this.child.connected) this.child.send({ kind: 'command', command });
  }

  /** Kills the subject if it is still running. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private describeStderr(): string {
    const lines = this.stderrTail.trim().split('\n').filter(Boolean);
    const oom = lines.find((line) => /heap out of memory|Allocation failed/i.test(line));
    if (oom) return `: out of memory (${oom.trim()})`;
    const last = lines.slice(-3).join(' | ');
    return last ? `: ${last}` : '';
  }
}

/** Runs one subject to completion and returns its result. */
export function runSubject<Result>(name: string, input: unknown, options: SubjectProcessOptions): Promise<Result> {
  return SubjectProcess.start<Result>(name, input, options).result;
}
