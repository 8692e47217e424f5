import type { ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { Logger } from 'pino';
import { isGroupAlive, killGroup } from '../process/kill-group.js';
import type { PrespawnedChild } from '../process/prespawned-child.js';
import { WARM_CONTROL_FD, WARM_READY, WARM_STARTED } from '../process/warm-protocol.js';

/** Where a warm child is in its life. */
export type WarmChildState = 'booting' | 'ready' | 'taken' | 'exited';

/** How a warm child ended, and in which state. */
export interface WarmChildExit {
  /** The state it was in when it exited. */
  state: Exclude<WarmChildState, 'exited'>;
  /** `true` when it had confirmed its assignment (only then did it run a task). */
  accepted: boolean;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last line it wrote on stderr (why a boot failed). */
  lastError: string;
}

/** What a warm child tells its pool. */
export interface WarmChildEvents {
  /** Booted: waiting for its assignment, or (taken while booting) about to read it. */
  onReady(child: WarmChild): void;
  /** Exited (or could not be started at all). */
  onExit(child: WarmChild, exit: WarmChildExit): void;
}

// Kept from stderr while booting, to say why a boot failed.
const STDERR_TAIL_CHARS = 2000;
// How often a stopping child's group is checked before the SIGKILL deadline.
const STOP_CHECK_MS = 50;

/**
 * One pre-spawned child of a warm pool (a Node child, or a shell). Until it is taken, its output is
 * logged at debug level and attributed to no run; `take()` hands it to the executor, which attaches the
 * run's output and timeout before `start()` writes the assignment.
 */
export class WarmChild {
  private current: WarmChildState = 'booting';
  private stderrTail = '';
  private confirm!: (accepted: boolean) => void;
  private hasAccepted = false;
  /** Resolves `true` once the child confirmed its assignment, `false` once it no longer can. */
  readonly accepted = new Promise<boolean>((resolve) => {
    this.confirm = resolve;
  });
  /** Resolves when the process exited. */
  readonly exited: Promise<void>;
  /** When it was spawned (ms since the epoch). */
  readonly spawnedAt = Date.now();
  private readonly onStdout = (chunk: Buffer) => this.logBefore('stdout', chunk);
  private readonly onStderr = (chunk: Buffer) => {
    this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    this.logBefore('stderr', chunk);
  };

  constructor(
    readonly child: ChildProcess,
    private readonly logger: Logger,
    private readonly events: WarmChildEvents,
  ) {
    child.stdout?.on('data', this.onStdout);
    child.stderr?.on('data', this.onStderr);
    // Writing to a child that just died fails with EPIPE; the exit (and the missing confirmation) says it.
    child.stdin?.on('error', () => undefined);
    const control = child.stdio[WARM_CONTROL_FD] as Readable | null | undefined;
    let buffered = '';
    control?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      for (let newline = buffered.indexOf('\n'); newline !== -1; newline = buffered.indexOf('\n')) {
        this.onControl(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
      }
    });
    control?.on('error', () => undefined);
    control?.once('close', () => this.settleAccepted(false));
    this.exited = new Promise<void>((resolve) => {
      const ended = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.current === 'exited') return;
        const state = this.current;
        this.current = 'exited';
        const lastError = this.stderrTail.trim().split('\n').pop() ?? '';
        // Without a channel (or a process) there is nothing more to read.
        if (control === null || control === undefined || child.pid === undefined) this.settleAccepted(false);
        // Whether it took its run is known once its control channel was read to its end, which can be
        // after 'exit': the pool hears of the exit then.
        void this.accepted.then((accepted) => this.events.onExit(this, { state, accepted, code, signal, lastError }));
        resolve();
      };
      child.once('exit', ended);
      // No 'exit' follows an 'error' for a child that never started; later errors (a failed kill) are moot.
      child.on('error', (error) => {
        if (child.pid === undefined) {
          this.stderrTail += error.message;
          ended(null, null);
        }
      });
    });
  }

  /** Its pid (`null` when it never started). */
  get pid(): number | null {
    return this.child.pid ?? null;
  }

  /** Where it is in its life. */
  get state(): WarmChildState {
    return this.current;
  }

  /** `true` while it is booted, untaken and alive. */
  get isReady(): boolean {
    return this.current === 'ready' && this.isAlive;
  }

  /** `true` while it is still booting, untaken and alive. */
  get isBooting(): boolean {
    return this.current === 'booting' && this.isAlive;
  }

  private get isAlive(): boolean {
    return this.child.pid !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Takes it out of the pool for one run, booted or still booting (it reads its input once booted): its
   * output stops going to the debug log, and the returned handle writes `input` (the encoded assignment)
   * and closes stdin when the executor calls `start()`.
   */
  take(input: string): PrespawnedChild {
    if (!this.isReady && !this.isBooting) throw new Error(`warm child ${this.pid} cannot be taken while ${this.current}`);
    this.current = 'taken';
    this.child.stdout?.off('data', this.onStdout);
    this.child.stderr?.off('data', this.onStderr);
    const stdin = this.child.stdin as Writable;
    return {
      child: this.child,
      accepted: this.accepted,
      start: () => {
        stdin.end(input);
      },
    };
  }

  /**
   * Stops it: stdin closes (a booted child exits on its own), SIGTERM to its group, SIGKILL after
   * `graceMs` to whatever is left. Resolves once the process exited.
   */
  async stop(graceMs: number): Promise<void> {
    const pid = this.pid;
    if (this.current === 'exited' || pid === null) return this.exited;
    this.child.stdin?.end();
    killGroup(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (this.state !== 'exited' && Date.now() < deadline) {
      await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, STOP_CHECK_MS))]);
    }
    if (this.state !== 'exited' || isGroupAlive(pid)) killGroup(pid, 'SIGKILL');
    await this.exited;
  }

  /** Kills its group at once (the process is exiting and cannot wait). */
  kill(): void {
    if (this.current !== 'exited' && this.pid !== null) killGroup(this.pid, 'SIGKILL');
  }

  private onControl(line: string): void {
    if (line === WARM_READY && (this.current === 'booting' || this.current === 'taken')) {
      // A child taken while booting stays the run's; its pool still learns that booting works.
      if (this.current === 'booting') this.current = 'ready';
      this.events.onReady(this);
    } else if (line === WARM_STARTED) {
      this.settleAccepted(true);
    }
  }

  private settleAccepted(accepted: boolean): void {
    if (this.hasAccepted) return;
    this.hasAccepted = accepted;
    this.confirm(accepted);
  }

  private logBefore(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    if (!this.logger.isLevelEnabled('debug')) return;
    // Printed while booting or waiting: no run owns it, so it carries no task or run id.
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line !== '') this.logger.debug({ warmChildPid: this.pid, stream }, line.length > 2000 ? `${line.slice(0, 2000)}…` : line);
    }
  }
}
