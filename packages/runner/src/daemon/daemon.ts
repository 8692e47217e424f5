import { setMaxListeners } from 'node:events';
import type { Task } from '@monkeyslegion/scheduler-core';
import type { SchedulerRuntime } from '../boot/open-scheduler.js';
import type { RunOutcome } from '../run/run-outcome.js';
import { runsInWarmShell } from '../process/warm-shell.js';
import { WarmPool } from '../warm/warm-pool.js';
import { resolveWarmChildren } from '../warm/resolve-warm-children.js';
import { PushedRunDispatcher } from './pushed-run-dispatcher.js';
import { SlotPlanner, type MissedSlots } from './slot-planner.js';

/** Options of the daemon (`schedule:work`). */
export interface DaemonOptions {
  /**
   * Pulse interval in ms: the n-th pulse is at start + n·sleep (aligned to the wall clock, no drift).
   * Pushed runs are claimed on every pulse, and at once when the driver signals a push.
   * @default 1000
   */
  sleepMs?: number;
  /** Only tasks carrying every one of these tags (pushed runs of other tasks are still served). @default [] */
  tags?: string[];
  /** Consumer name in the driver. @default `${host}:${pid}` */
  consumer?: string;
  /** Visibility timeout of claimed pushed runs. @default 60000 */
  visibilityTimeoutMs?: number;
  /** Most pushed runs in flight at once. @default 16 */
  maxConcurrentPushed?: number;
  /** Serve pushed runs from the driver. @default true */
  servePushed?: boolean;
  /**
   * Node children kept booted (config loaded, tasks registered) and waiting, so a closure or class run
   * starts without Node's and the config's boot; as many shells waiting for a string command, so it
   * starts without a fork in this event loop. Each runs one task and exits, and is replaced at once.
   * 0 spawns every run cold. Size it to the runs of each kind that start in the same second.
   * @default $LEGION_WARM_CHILDREN, else 2
   */
  warmChildren?: number;
  /** Called after each pulse (progress reporting, tests). */
  onPulse?(pulse: { at: number; dispatched: number; running: number }): void;
}

// Timers fire late: by up to a millisecond at best (millisecond resolution, and a loop time cached at
// the start of the iteration), by several on a loaded machine. Waking this much early and finishing in
// setImmediate turns lands a pulse on its instant, for at most this much spinning per pulse.
const WAKE_EARLY_MS = 3;
// How long a pulse waits for the driver's claim before moving on: a healthy driver answers in about a
// millisecond; an unreachable one (timing out after seconds) must never hold up scheduled slots.
const CLAIM_WAIT_MS = 50;

/** What a daemon did before it stopped. */
export interface DaemonReport {
  /** Scheduled runs started. */
  dispatched: number;
  /** Slots recorded as missed. */
  missed: number;
  /** Runs still running when the grace period ended and that had to be stopped. */
  stoppedAtShutdown: number;
}

/**
 * The persistent scheduler loop. Each pulse takes every slot that became due from a priority queue
 * (never re-parsing every expression), starts it as a child process without waiting for it, and claims
 * pushed runs. `stop()` drains: no new work, running tasks get `shutdownGraceMs` to finish, then are
 * stopped; unstarted pushed runs go back to the queue.
 *
 * @example
 * const daemon = new Daemon(scheduler, { sleepMs: 1000 });
 * process.once('SIGTERM', () => daemon.stop());
 * await daemon.run();
 */
export class Daemon {
  private readonly stopping = new AbortController();
  private readonly runAbort = new AbortController();
  // Everything started and not finished: runs, chains of catch-up runs, missed-slot records.
  private readonly running = new Set<Promise<unknown>>();
  private claimInFlight: Promise<number | null> | null = null;
  private readonly sleepMs: number;
  private readonly warmChildren: number;
  private warmPool: WarmPool | null = null;
  private warmShells: WarmPool | null = null;
  private wake: (() => void) | null = null;
  private wakeRequested = false;
  private report: DaemonReport = { dispatched: 0, missed: 0, stoppedAtShutdown: 0 };

  constructor(
    private readonly scheduler: SchedulerRuntime,
    private readonly options: DaemonOptions = {},
  ) {
    // Every running child listens to this signal; dozens at once are normal, not a leak.
    setMaxListeners(0, this.runAbort.signal);
    this.sleepMs = options.sleepMs ?? 1000;
    if (!Number.isInteger(this.sleepMs) || this.sleepMs < 10) throw new RangeError(`Daemon: sleep ${this.sleepMs} ms must be an integer of at least 10 ms`);
    this.warmChildren = resolveWarmChildren(options.warmChildren);
  }

  /** Asks the loop to stop and drain; `run()` resolves when it has. */
  stop(): void {
    this.stopping.abort();
    this.wakeUp();
  }

  /** Runs until `stop()`; resolves after the drain. */
  async run(): Promise<DaemonReport> {
    const { scheduler } = this;
    const { clock, app } = scheduler;
    const tasks = app.registry.all().withTags(this.options.tags ?? []).toArray();
    const start = clock.now();
    this.createWarmPools(tasks);
    const planner = new SlotPlanner(tasks, start, app.config.graceMs);
    const pushed =
      this.options.servePushed === false
        ? null
        : new PushedRunDispatcher(scheduler, {
            consumer: this.options.consumer ?? `${scheduler.host}:${process.pid}`,
            visibilityTimeoutMs: this.options.visibilityTimeoutMs ?? 60_000,
            maxConcurrent: this.options.maxConcurrentPushed ?? 16,
            runSignal: this.runAbort.signal,
            warmPool: this.warmPool,
            warmShells: this.warmShells,
            onSettled: () => this.wakeUp(),
          });
    app.logger.info({ tasks: tasks.length, sleepMs: this.sleepMs, host: scheduler.host, warmChildren: this.warmPool ? this.warmChildren : 0, warmShells: this.warmShells ? this.warmChildren : 0 }, 'scheduler daemon started');
    try {
      await this.loop(planner, pushed);
    } finally {
      await this.drain(pushed);
    }
    app.logger.info({ ...this.report }, 'scheduler daemon stopped');
    return this.report;
  }

  private async loop(planner: SlotPlanner, pushed: PushedRunDispatcher | null): Promise<void> {
    const { clock } = this.scheduler;
    let pulseIndex = Math.floor(clock.now() / this.sleepMs) + 1;
    // Wake-ups by the driver that found nothing to claim; after two in a row the next sleep ignores the driver.
    let idleDriverWakes = 0;
    while (!this.stopping.signal.aborted) {
      const now = clock.now();
      this.pulse(planner, now);
      const claimed = pushed ? await this.claimPushed(pushed, planner) : 0;
      // No drift: the next pulse is the next multiple of `sleep` after now, however long this one took.
      pulseIndex = Math.max(pulseIndex, Math.floor(clock.now() / this.sleepMs) + 1);
      this.options.onPulse?.({ at: now, dispatched: this.report.dispatched, running: this.running.size });
      const nextPulse = pulseIndex * this.sleepMs;
      const nextSlot = planner.nextSlotAt() ?? Number.POSITIVE_INFINITY;
      // The driver's wait answers at once while runs are ready, so it is only worth listening to when
      // there is room to claim them, and when the last claim worked; otherwise the loop would spin.
      const listen = pushed !== null && pushed.hasRoom && claimed !== null && idleDriverWakes < 2;
      const wokenByDriver = await this.sleepUntil(Math.min(nextPulse, nextSlot), listen);
      idleDriverWakes = wokenByDriver && claimed === 0 ? idleDriverWakes + 1 : 0;
      if (clock.now() >= nextPulse) pulseIndex++;
    }
  }

  // The claim keeps running in the background when it takes longer than the budget; until it settles no
  // new claim starts and the loop does not listen to the driver (`null`).
  private async claimPushed(pushed: PushedRunDispatcher, planner: SlotPlanner): Promise<number | null> {
    this.claimInFlight ??= pushed.poll().finally(() => {
      this.claimInFlight = null;
    });
    const budget = Math.max(0, Math.min((planner.nextSlotAt() ?? Number.POSITIVE_INFINITY) - this.scheduler.clock.now(), CLAIM_WAIT_MS));
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), budget);
    });
    try {
      return await Promise.race([this.claimInFlight, gaveUp]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Starts the warm pools the served tasks need, when there is a size: booted Node children for closures
   * and classes (given a config file to boot), waiting shells for string commands. Pushed runs may name
   * any task, so then every task counts, not only the tag-selected ones.
   */
  private createWarmPools(scheduled: readonly Task[]): void {
    if (this.warmChildren === 0) return;
    const { app } = this.scheduler;
    const served = this.options.servePushed === false ? scheduled : app.registry.all().toArray();
    const pool = (kind: 'node' | 'shell') => {
      const created = new WarmPool({ kind, size: this.warmChildren, configFile: app.config.configFile ?? '', cwd: app.config.baseDir, logger: app.logger, killGraceMs: 2000 });
      created.start();
      return created;
    };
    const servesNode = served.some((task) => task.kind === 'closure' || task.kind === 'class');
    const servesShell = served.some(runsInWarmShell);
    this.warmPool = servesNode && app.config.configFile ? pool('node') : null;
    this.warmShells = servesShell ? pool('shell') : null;
  }

  private pulse(planner: SlotPlanner, now: number): void {
    const plan = planner.pulse(now);
    if (plan.clockSteppedBackMs > 1000) {
      this.scheduler.app.logger.warn({ steppedBackMs: plan.clockSteppedBackMs }, 'the clock stepped back; slots that already ran are not run again');
    }
    for (const missed of plan.missed) this.track(this.recordMissed(missed));
    const slotsByTask = new Map<Task, Date[]>();
    for (const { task, slot } of plan.due) slotsByTask.set(task, [...(slotsByTask.get(task) ?? []), slot]);
    for (const [task, slots] of slotsByTask) {
      if (task.withoutOverlapping && slots.length > 1) {
        // Catch-up slots of a task that must not overlap run one after the other, in time order: started
        // together, all but one would be skipped as overlapping.
        this.track(this.dispatchInOrder(task, slots));
      } else {
        for (const slot of slots) this.track(this.dispatch(task, slot));
      }
    }
  }

  private dispatch(task: Task, slot: Date): Promise<RunOutcome> {
    this.report.dispatched++;
    return this.scheduler.runner.run({
      task,
      scheduledAt: slot,
      trigger: 'schedule',
      applyFilters: true,
      claimHostSlot: true,
      signal: this.runAbort.signal,
      warmPool: this.warmPool,
      warmShells: this.warmShells,
    });
  }

  private async dispatchInOrder(task: Task, slots: readonly Date[]): Promise<void> {
    for (const slot of slots) {
      if (this.stopping.signal.aborted) return;
      await this.dispatch(task, slot);
    }
  }

  private track(work: Promise<unknown>): void {
    // A run never rejects for a task failure; anything else is a bug that must not crash the daemon.
    const tracked = work.catch((error: unknown) => this.scheduler.app.logger.error({ err: error }, 'scheduled run failed unexpectedly'));
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }

  private async recordMissed(missed: MissedSlots): Promise<void> {
    this.report.missed += missed.count;
    const count = `${missed.exact ? '' : 'about '}${missed.count}`;
    await this.scheduler.runner.recordSkip(
      missed.task,
      missed.last,
      'missed',
      `${count} slot(s) from ${missed.first.toISOString()} to ${missed.last.toISOString()} were older than the grace window`,
    );
  }

  private wakeUp(): void {
    if (this.wake) this.wake();
    else this.wakeRequested = true;
  }

  /**
   * Sleeps until `at` (never longer than one pulse, so clock jumps are noticed), `stop()`, a settled
   * pushed run, or — when `listen` — the driver reporting ready runs. `true` when the driver woke it.
   */
  private async sleepUntil(at: number, listen: boolean): Promise<boolean> {
    const delay = Math.max(0, Math.min(at - this.scheduler.clock.now(), this.sleepMs));
    if (this.stopping.signal.aborted || this.wakeRequested) {
      this.wakeRequested = false;
      return false;
    }
    const waitAbort = new AbortController();
    let wokenByDriver = false;
    const { clock } = this.scheduler;
    // Never past the wall-clock length of the sleep: an injected clock may not move at all.
    const wallDeadline = Date.now() + delay;
    await new Promise<void>((resolve) => {
      let immediate: NodeJS.Immediate | undefined;
      // The last few ms go by in setImmediate turns (which still serve I/O) instead of the timer.
      const arrive = () => {
        if (clock.now() >= at || Date.now() >= wallDeadline) done();
        else immediate = setImmediate(arrive);
      };
      const timer = setTimeout(arrive, Math.max(0, delay - WAKE_EARLY_MS));
      function done() {
        clearTimeout(timer);
        clearImmediate(immediate);
        waitAbort.abort();
        resolve();
      }
      this.wake = done;
      const { driver } = this.scheduler;
      if (listen && driver.wait && delay > 5) {
        driver.wait(waitAbort.signal, delay).then(
          () => {
            if (waitAbort.signal.aborted) return;
            wokenByDriver = true;
            done();
          },
          (error: unknown) => this.scheduler.app.logger.warn({ err: error }, 'waiting for pushed runs failed; polling on each pulse'),
        );
      }
    });
    this.wake = null;
    this.wakeRequested = false;
    return wokenByDriver;
  }

  private async drain(pushed: PushedRunDispatcher | null): Promise<void> {
    const { app } = this.scheduler;
    // No new work: waiting warm children end now, alongside the runs still going.
    const warmStopped = Promise.all([this.warmPool?.stop(), this.warmShells?.stop()]);
    const graceMs = app.config.shutdownGraceMs;
    app.logger.info({ running: this.running.size + (pushed?.pending ?? 0), graceMs }, 'draining: waiting for running tasks');
    const everything = async () => {
      // A claim still in flight may hand over runs: they are held and drained like the others.
      await this.claimInFlight;
      // Entries remove themselves when they settle; a chain of catch-up runs is one entry.
      while (this.running.size > 0) await Promise.allSettled([...this.running]);
      await pushed?.drain();
    };
    let graceTimer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      everything().then(() => true),
      new Promise<boolean>((resolve) => {
        graceTimer = setTimeout(() => resolve(false), graceMs);
      }),
    ]);
    clearTimeout(graceTimer);
    if (!finished) {
      this.report.stoppedAtShutdown = this.running.size + (pushed?.pending ?? 0);
      app.logger.warn({ running: this.report.stoppedAtShutdown }, 'grace period over: stopping running tasks');
      this.runAbort.abort();
      await everything();
    }
    await pushed?.releaseDeferred();
    await warmStopped;
  }
}
