import type { ChildProcess } from 'node:child_process';
import type { OutputCapture, OutputStream } from '../output/output-capture.js';
import { isGroupAlive, killGroup } from './kill-group.js';
import type { PrespawnedChild } from './prespawned-child.js';
import type { ProcessSpec } from './process-spec.js';
import { spawnChild } from './spawn-child.js';

/** Why the executor stopped a child. */
export type StopCause = 'timeout' | 'interrupted';

/** What an execution runs: a spec spawned now, or a child spawned ahead of time and started now. */
export type ExecuteSource = { spec: ProcessSpec; prespawned?: undefined } | { prespawned: PrespawnedChild; spec?: undefined };

/** Options of one execution. */
export type ExecuteOptions = ExecuteSource & SupervisionOptions;

/** How a child is supervised, whichever way it was started. */
export interface SupervisionOptions {
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
  /** Called once the child has a pid (a pre-spawned child: when it is handed the work). */
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
  /**
   * `true` when a pre-spawned child exited before it took the work: nothing of the task ran, and the
   * caller should start the run another way. Always `false` for a spawned spec.
   */
  lostBeforeStart: boolean;
  /** When the spawn call was made (a pre-spawned child: when it was handed the work). */
  startedAt: Date;
  /** When the child exited and its output was drained. */
  finishedAt: Date;
}

// After the child exits, a grandchild may still hold its stdout open; stop waiting for the pipes then.
const STREAM_DRAIN_MS = 1000;
// Output a pre-spawned child writes before confirming its work (the end of its boot) that is kept.
const MAX_HELD_BYTES = 1024 * 1024;
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
 * Spawns a child in its own process group (or takes over a pre-spawned one and hands it the work),
 * streams its output into `output`, enforces the timeout (SIGTERM, then SIGKILL to the whole group
 * after a grace period) and resolves with how it ended. It never rejects: spawn errors are part of the
 * outcome. The timeout and `startedAt` count from the spawn call, or from the hand-over.
 */
export function executeProcess(options: ExecuteOptions): Promise<ExecutionOutcome> {
  const startedAt = new Date();
  if (options.prespawned) return supervise(options.prespawned.child, options, startedAt, options.prespawned);
  const spawned = spawnChild(options.spec);
  if (spawned.error) {
    const outcome = { pid: null, exitCode: null, signal: null, stoppedBy: null, spawnError: spawned.error, lostBeforeStart: false, startedAt, finishedAt: new Date() };
    return Promise.resolve(outcome);
  }
  return supervise(spawned.child, options, startedAt, null);
}

function supervise(child: ChildProcess, options: SupervisionOptions, startedAt: Date, prespawned: PrespawnedChild | null): Promise<ExecutionOutcome> {
  const killGraceMs = options.killGraceMs ?? 5000;
  return new Promise<ExecutionOutcome>((resolve) => {
    let stoppedBy: StopCause | null = null;
    let settled = false;
    let timeoutTimer: NodeJS.Timeout | undefined;
    let accepted = prespawned === null;
    // A pre-spawned child's output is the run's once it confirmed the work; until then it is held, and
    // dropped if the child dies unconfirmed (it ran nothing of the task, and a cold spawn follows).
    let held: Array<[OutputStream, Buffer]> | null = prespawned ? [] : null;
    let heldBytes = 0;
    const release = () => {
      for (const [stream, chunk] of held ?? []) options.output.write(stream, chunk);
      held = null;
    };
    const write = (stream: OutputStream, chunk: Buffer) => {
      if (held === null) options.output.write(stream, chunk);
      else if ((heldBytes += chunk.length) <= MAX_HELD_BYTES) held.push([stream, chunk]);
    };
    void prespawned?.accepted.then((value) => {
      accepted = value;
      if (value) release();
    });
    const pid = child.pid ?? null;
    // Output is attached before the work is handed over, so not a line of the run is missed.
    child.stdout?.on('data', (chunk: Buffer) => write('stdout', chunk));
    child.stderr?.on('data', (chunk: Buffer) => write('stderr', chunk));
    if (pid !== null) options.onSpawn?.(pid);

    const stop = (cause: StopCause) => {
      if (stoppedBy !== null || pid === null) return;
      stoppedBy = cause;
      killGroup(pid, 'SIGTERM');
      escalate(pid, killGraceMs);
    };
    if (options.timeoutMs !== null && pid !== null) timeoutTimer = setTimeout(() => stop('timeout'), options.timeoutMs);
    const onAbort = () => stop('interrupted');

    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError: Error | null) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      clearTimeout(timeoutTimer);
      // A stop we caused is the run's outcome, whether or not the child had taken the work yet.
      const lostBeforeStart = !accepted && stoppedBy === null && spawnError === null;
      if (!lostBeforeStart) release();
      resolve({ pid, exitCode, signal, stoppedBy, spawnError, lostBeforeStart, startedAt, finishedAt: new Date() });
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
      // A pre-spawned child's confirmation travels on its own channel, which no grandchild inherits: it
      // settles once that channel is read to its end, so it is always awaited, never cut short by the
      // drain cap (after a stall the cap's timer fires before the channel is read, and a run that did
      // start would be taken for one that never did, and run a second time).
      const confirmed = prespawned ? prespawned.accepted.then(() => undefined) : Promise.resolve();
      const cap = new Promise<void>((done) => setTimeout(done, STREAM_DRAIN_MS).unref());
      void Promise.all([Promise.race([drained, cap]), confirmed]).then(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(code, signal, null);
      });
    });
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    // Stopped before the hand-over (an interrupt that came first): the child never gets the work.
    if (stoppedBy === null) prespawned?.start();
  });
}
