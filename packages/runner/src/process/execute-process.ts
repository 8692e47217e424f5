import { spawn, type ChildProcess } from 'node:child_process';
import type { OutputCapture } from '../output/output-capture.js';
import { isGroupAlive, killGroup } from './kill-group.js';
import type { ProcessSpec } from './process-spec.js';

/** Why the executor stopped a child. */
export type StopCause = 'timeout' | 'interrupted';

/** Options of one execution. */
export interface ExecuteOptions {
  /** What to spawn. */
  spec: ProcessSpec;
  /** Where stdout/stderr go. */
  output: OutputCapture;
  /** Stop the child after this many ms (`null`: never). */
  timeoutMs: number | null;
  /**
   * Time between SIGTERM and SIGKILL when stopping a child.
   * @default 5000
   */
  killGraceMs?: number;
  /** Aborting stops the child gracefully (interrupt, shutdown); the outcome is `interrupted`. */
  signal?: AbortSignal;
  /** Called once the child has a pid. */
  onSpawn?(pid: number): void;
}

/** How a child ended. */
export interface ExecutionOutcome {
  /** The child's pid, `null` when it never started. */
  pid: number | null;
  /** Exit code, `null` when killed by a signal or never started. */
  exitCode: number | null;
  /** Terminating signal, if any. */
  signal: NodeJS.Signals | null;
  /** Set when the executor stopped the child. */
  stoppedBy: StopCause | null;
  /** Set when spawning failed (missing binary, bad cwd …). */
  spawnError: Error | null;
  /** When the spawn call was made. */
  startedAt: Date;
  /** When the child exited and its output was drained. */
  finishedAt: Date;
}

// After the child exits, a grandchild may still hold its stdout open; stop waiting for the pipes then.
const STREAM_DRAIN_MS = 1000;
// How often a stopped group is checked, so the SIGKILL timer ends as soon as the group is gone.
const GROUP_CHECK_MS = 100;

/**
 * SIGKILLs the group led by `pid` once `graceMs` have passed since the SIGTERM, unless every member is
 * gone by then. Not tied to the leader's exit: a grandchild that ignored SIGTERM must still die. The
 * checks stop as soon as the group is empty, so a stopped run never keeps the scheduler alive for the
 * whole grace period.
 */
function escalate(pid: number, graceMs: number): void {
  const deadline = Date.now() + graceMs;
  const check = () => {
    if (!isGroupAlive(pid)) return;
    if (Date.now() >= deadline) {
      killGroup(pid, 'SIGKILL');
      return;
    }
    setTimeout(check, Math.min(GROUP_CHECK_MS, Math.max(0, deadline - Date.now())));
  };
  setTimeout(check, Math.min(GROUP_CHECK_MS, graceMs));
}

/**
 * Spawns a child in its own process group, streams its output into `output`, enforces the timeout
 * (SIGTERM, then SIGKILL to the whole group after a grace period) and resolves with how it ended.
 * It never rejects: spawn errors are part of the outcome.
 */
export function executeProcess(options: ExecuteOptions): Promise<ExecutionOutcome> {
  const killGraceMs = options.killGraceMs ?? 5000;
  const startedAt = new Date();
  return new Promise<ExecutionOutcome>((resolve) => {
    let stoppedBy: StopCause | null = null;
    let settled = false;
    let timeoutTimer: NodeJS.Timeout | undefined;
    let child: ChildProcess;
    try {
      child = spawn(options.spec.file, [...options.spec.args], {
        cwd: options.spec.cwd,
        env: options.spec.env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      // Invalid arguments (a NUL byte in an argument or in the environment) throw instead of emitting 'error'.
      resolve({ pid: null, exitCode: null, signal: null, stoppedBy: null, spawnError: error as Error, startedAt, finishedAt: new Date() });
      return;
    }
    const pid = child.pid ?? null;
    if (pid !== null) options.onSpawn?.(pid);

    const stop = (cause: StopCause) => {
      if (stoppedBy !== null || pid === null) return;
      stoppedBy = cause;
      killGroup(pid, 'SIGTERM');
      escalate(pid, killGraceMs);
    };
    if (options.timeoutMs !== null && pid !== null) timeoutTimer = setTimeout(() => stop('timeout'), options.timeoutMs);
    const onAbort = () => stop('interrupted');
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout?.on('data', (chunk: Buffer) => options.output.write('stdout', chunk));
    child.stderr?.on('data', (chunk: Buffer) => options.output.write('stderr', chunk));

    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError: Error | null) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      clearTimeout(timeoutTimer);
      resolve({ pid, exitCode, signal, stoppedBy, spawnError, startedAt, finishedAt: new Date() });
    };

    child.once('error', (error) => {
      if (pid === null) finish(null, null, error);
    });
    child.once('exit', (code, signal) => {
      const drained = new Promise<void>((done) => {
        let open = 0;
        for (const stream of [child.stdout, child.stderr]) {
          if (stream && !stream.readableEnded && !stream.destroyed) {
            open++;
            stream.once('close', () => --open === 0 && done());
          }
        }
        if (open === 0) done();
      });
      const cap = new Promise<void>((done) => setTimeout(done, STREAM_DRAIN_MS).unref());
      void Promise.race([drained, cap]).then(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(code, signal, null);
      });
    });
  });
}
