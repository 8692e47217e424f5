import type { Task } from '@monkeyslegion/scheduler-core';
import type { SchedulerRuntime } from '../boot/open-scheduler.js';
import type { RunOutcome } from '../run/run-outcome.js';
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
  /** Called after each pulse (progress reporting, tests). */
  onPulse?(pulse: { at: number; dispatched: number; running: number }): void;
}

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
  private readonly running = new Set<Promise<RunOutcome>>();
  private readonly sleepMs: number;
  private wake: (() => void) | null = null;
  private report: DaemonReport = { dispatched: 0, missed: 0, stoppedAtShutdown: 0 };

  constructor(
    private readonly scheduler: SchedulerRuntime,
    private readonly options: DaemonOptions = {},
  ) {
    this.sleepMs = options.sleepMs ?? 1000;
    if (!Number.isInteger(this.sleepMs) || this.sleepMs < 10) throw new RangeError(`Daemon: sleep ${this.sleepMs} ms must be an integer of at least 10 ms`);
  }

  /** Asks the loop to stop and drain; `run()` resolves when it has. */
  stop(): void {
    this.stopping.abort();
    this.wake?.();
  }

  /** Runs until `stop()`; resolves after the drain. */
  async run(): Promise<DaemonReport> {
    const { scheduler } = this;
    const { clock, app } = scheduler;
    const tasks = app.registry.all().withTags(this.options.tags ?? []).toArray();
    const start = clock.now();
    const planner = new SlotPlanner(tasks, start, app.config.graceMs);
    const pushed =
      this.options.servePushed === false
        ? null
        : new PushedRunDispatcher(scheduler, {
            consumer: this.options.consumer ?? `${scheduler.host}:${process.pid}`,
            visibilityTimeoutMs: this.options.visibilityTimeoutMs ?? 60_000,
            maxConcurrent: this.options.maxConcurrentPushed ?? 16,
            runSignal: this.runAbort.signal,
          });
    app.logger.info({ tasks: tasks.length, sleepMs: this.sleepMs, host: scheduler.host }, 'scheduler daemon started');
    let pulseIndex = Math.floor(start / this.sleepMs) + 1;
    while (!this.stopping.signal.aborted) {
      const now = clock.now();
      this.pulse(planner, now);
      if (pushed) await pushed.poll();
      // No drift: the next pulse is the next multiple of `sleep` after now, however long this one took.
      pulseIndex = Math.max(pulseIndex, Math.floor(clock.now() / this.sleepMs) + 1);
      this.options.onPulse?.({ at: now, dispatched: this.report.dispatched, running: this.running.size });
      const nextPulse = pulseIndex * this.sleepMs;
      const nextSlot = planner.nextSlotAt() ?? Number.POSITIVE_INFINITY;
      await this.sleepUntil(Math.min(nextPulse, nextSlot), pushed);
      if (clock.now() >= nextPulse) pulseIndex++;
    }
    await this.drain(pushed);
    app.logger.info({ ...this.report }, 'scheduler daemon stopped');
    return this.report;
  }

  private pulse(planner: SlotPlanner, now: number): void {
    const plan = planner.pulse(now);
    if (plan.clockSteppedBackMs > 1000) {
      this.scheduler.app.logger.warn({ steppedBackMs: plan.clockSteppedBackMs }, 'the clock stepped back; slots that already ran are not run again');
    }
    for (const missed of plan.missed) void this.recordMissed(missed);
    for (const { task, slot } of plan.due) this.dispatch(task, slot);
  }

  private dispatch(task: Task, slot: Date): void {
    this.report.dispatched++;
    const run = this.scheduler.runner.run({
      task,
      scheduledAt: slot,
      trigger: 'schedule',
      applyFilters: true,
      claimHostSlot: true,
      signal: this.runAbort.signal,
    });
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
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

  // Wakes at `at` (never later than one pulse, so clock jumps are noticed), on stop(), or when the
  // driver reports a push.
  private async sleepUntil(at: number, pushed: PushedRunDispatcher | null): Promise<void> {
    const delay = Math.max(0, Math.min(at - this.scheduler.clock.now(), this.sleepMs));
    if (this.stopping.signal.aborted) return;
    const waitAbort = new AbortController();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, delay);
      function done() {
        clearTimeout(timer);
        waitAbort.abort();
        resolve();
      }
      this.wake = done;
      const driverWait = pushed ? this.scheduler.driver.wait : undefined;
      if (driverWait && delay > 5) {
        // A push wakes the loop at once instead of at the next pulse.
        driverWait
          .call(this.scheduler.driver, waitAbort.signal, delay)
          .then(() => {
            if (!waitAbort.signal.aborted) done();
          })
          .catch(() => undefined);
      }
    });
    this.wake = null;
  }

  private async drain(pushed: PushedRunDispatcher | null): Promise<void> {
    const { app } = this.scheduler;
    const graceMs = app.config.shutdownGraceMs;
    app.logger.info({ running: this.running.size + (pushed?.pending ?? 0), graceMs }, 'draining: waiting for running tasks');
    const everything = () => Promise.allSettled([...this.running, pushed?.drain()]);
    const finished = await Promise.race([everything().then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), graceMs).unref())]);
    if (!finished) {
      this.report.stoppedAtShutdown = this.running.size + (pushed?.pending ?? 0);
      app.logger.warn({ running: this.report.stoppedAtShutdown }, 'grace period over: stopping running tasks');
      this.runAbort.abort();
      await everything();
    }
    await pushed?.releaseDeferred();
  }
}
