import type { Logger } from 'pino';
import { warmChildSpec } from '../process/build-process-spec.js';
import type { PrespawnedChild } from '../process/prespawned-child.js';
import { spawnChild } from '../process/spawn-child.js';
import { nodeAssignment } from '../process/warm-protocol.js';
import { shellAssignment, warmShellSpec } from '../process/warm-shell.js';
import { WarmChild, type WarmChildExit } from './warm-child.js';

/** One run handed to a warm child: the per-run variables its cold twin would get (`null`: unset) and, for a shell, the command. */
export interface WarmRun {
  env: Readonly<Record<string, string | null>>;
  command?: string;
}

/** Options of a `WarmPool`. */
export interface WarmPoolOptions {
  /**
   * What the children are: `node` boots the config and runs one closure or class; `shell` is a
   * `/bin/sh` that runs one string command.
   * @default 'node'
   */
  kind?: 'node' | 'shell';
  /** Warm children kept booted and waiting (0 disables the pool). */
  size: number;
  /** Absolute config file the children boot (unused by shells). */
  configFile: string;
  /** Their working directory (the config's folder). */
  cwd: string;
  /** Where the pool logs; children's output before their assignment goes here at debug level. */
  logger: Logger;
  /** Extra environment of the children. @default {} */
  env?: NodeJS.ProcessEnv;
  /** Time between SIGTERM and SIGKILL when the pool stops its children. @default 5000 */
  killGraceMs?: number;
  /** A child not booted after this long is killed and counted as a failed boot. @default 60000 */
  bootTimeoutMs?: number;
  /**
   * Delay before a taken child is replaced. Spawning a Node child blocks this event loop for a few ms
   * (fork + exec), so it waits until the runs dispatched in the same pulse have started.
   * @default 50
   */
  refillDelayMs?: number;
  /** First wait after a failed boot or a crash; doubles per consecutive failure. @default 1000 */
  backoffMs?: number;
  /** Longest wait between attempts after repeated failures. @default 30000 */
  maxBackoffMs?: number;
  /** Script the children run (tests use their own). @default the runner's compiled warm child entry */
  entryFile?: string;
}

/**
 * Keeps `size` children spawned ahead of time that wait for ONE assignment each: Node children that
 * have already booted the config (no plugins, tasks registered), so a closure or class run starts without
 * paying Node's and the config's boot; or shells, so a command starts without a fork + exec in the
 * scheduler's event loop. Isolation is unchanged: one process per run, its own process group, never
 * reused. A child that fails to boot or dies while waiting is replaced with exponential backoff (no
 * respawn storm); runs find no child ready meanwhile and spawn cold. `stop()` ends every waiting child.
 *
 * @example
 * const pool = new WarmPool({ size: 1, configFile, cwd, logger });
 * pool.start();
 * const child = pool.take({ env: nodeRunEnv(task, { runId, scheduledAt }) }); // null: spawn cold
 * await pool.stop();
 */
export class WarmPool {
  private readonly children = new Set<WarmChild>();
  private failures = 0;
  private refillTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private started = false;
  // Whatever ends the process, no waiting child outlives it (each also exits when its stdin closes).
  private readonly onProcessExit = () => {
    for (const child of this.children) child.kill();
  };

  constructor(private readonly options: WarmPoolOptions) {}

  /** Children booted and waiting right now. */
  get readyCount(): number {
    let count = 0;
    for (const child of this.children) if (child.isReady) count++;
    return count;
  }

  /** Children a run can take right now: booted, or still booting. */
  get availableCount(): number {
    let count = 0;
    for (const child of this.children) if (child.isReady || child.isBooting) count++;
    return count;
  }

  /** Pids of the children the pool holds (booting or waiting). */
  get pids(): number[] {
    return [...this.children].map((child) => child.pid).filter((pid): pid is number => pid !== null);
  }

  /** Spawns the first children. */
  start(): void {
    if (this.started || this.options.size <= 0) return;
    this.started = true;
    process.on('exit', this.onProcessExit);
    this.fill();
  }

  /**
   * Takes a child for `run`, or `null` when the pool has none: a booted one (the oldest first), else
   * the one that has been booting longest — it is further along than a cold spawn would be, and a boot
   * that fails still falls back to one. The pool replaces it right after; a child never comes back.
   */
  take(run: WarmRun): PrespawnedChild | null {
    if (this.stopped) return null;
    const input = this.encode(run);
    if (input === null) return null;
    let booting: WarmChild | null = null;
    for (const child of this.children) {
      if (child.isReady) return this.handOver(child, input);
      if (!booting && child.isBooting) booting = child;
    }
    return booting ? this.handOver(booting, input) : null;
  }

  /** What the child reads on its stdin, in its kind's protocol; `null` when this run cannot travel (it spawns cold). */
  private encode(run: WarmRun): string | null {
    if (this.options.kind !== 'shell') return nodeAssignment({ env: run.env });
    if (run.command === undefined) throw new Error('WarmPool: a shell pool is handed runs of string commands only');
    return shellAssignment(run.command, run.env);
  }

  private handOver(child: WarmChild, input: string): PrespawnedChild {
    this.children.delete(child);
    this.scheduleFill(this.options.refillDelayMs ?? 50);
    return child.take(input);
  }

  /** Stops refilling and ends every waiting child; resolves once they all exited. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.refillTimer);
    process.off('exit', this.onProcessExit);
    const grace = this.options.killGraceMs ?? 5000;
    await Promise.all([...this.children].map((child) => child.stop(grace)));
    this.children.clear();
  }

  private fill(): void {
    while (!this.stopped && this.children.size < this.options.size) {
      if (!this.spawnOne()) return;
    }
  }

  /**
   * Plans a refill in `delayMs`. A refill already planned stands (a take during a backoff waits for the
   * backoff), unless `replace`: a failure pushes the next attempt back to its backoff.
   */
  private scheduleFill(delayMs: number, replace = false): void {
    if (this.stopped || (this.refillTimer !== undefined && !replace)) return;
    clearTimeout(this.refillTimer);
    this.refillTimer = setTimeout(() => {
      this.refillTimer = undefined;
      this.fill();
    }, delayMs);
  }

  /** Spawns one child; `false` when spawning failed (the next attempt is then scheduled). */
  private spawnOne(): boolean {
    const { options } = this;
    const spec =
      options.kind === 'shell'
        ? warmShellSpec({ cwd: options.cwd, env: options.env })
        : warmChildSpec({ configFile: options.configFile, cwd: options.cwd, env: options.env, entryFile: options.entryFile });
    const spawned = spawnChild(spec, { stdin: 'pipe', extraPipes: 1 });
    if (spawned.error) {
      this.failed(`could not be spawned: ${spawned.error.message}`);
      return false;
    }
    const child = new WarmChild(spawned.child, options.logger, {
      onReady: (ready) => {
        clearTimeout(bootTimer);
        this.failures = 0;
        options.logger.debug({ warmChildPid: ready.pid, bootMs: Date.now() - ready.spawnedAt }, 'warm child ready');
      },
      onExit: (exited, exit) => {
        clearTimeout(bootTimer);
        this.children.delete(exited);
        this.exitedChild(exited, exit);
      },
    });
    const bootTimer = setTimeout(() => {
      if (child.state !== 'booting') return;
      options.logger.warn({ warmChildPid: child.pid }, `warm child did not boot within ${options.bootTimeoutMs ?? 60_000} ms; killing it`);
      child.kill();
    }, options.bootTimeoutMs ?? 60_000);
    bootTimer.unref();
    this.children.add(child);
    return true;
  }

  private exitedChild(child: WarmChild, exit: WarmChildExit): void {
    const how = exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`;
    if (exit.state === 'taken') {
      // A run's child: its end is the run's business, unless it died before it took the work.
      if (!exit.accepted) this.failed(`warm child ${child.pid} ${how} before it took its run`);
      return;
    }
    if (this.stopped) return;
    const reason = exit.state === 'booting' ? `warm child ${child.pid} failed to boot (${how})${exit.lastError ? `: ${exit.lastError}` : ''}` : `warm child ${child.pid} ${how} while waiting`;
    this.failed(reason);
  }

  private failed(reason: string): void {
    this.failures++;
    const base = this.options.backoffMs ?? 1000;
    const delay = Math.min(this.options.maxBackoffMs ?? 30_000, base * 2 ** (this.failures - 1));
    this.options.logger.warn({ failures: this.failures, retryInMs: delay }, `${reason}; runs spawn cold until a replacement is ready (next attempt in ${delay} ms)`);
    this.scheduleFill(delay, true);
  }
}
