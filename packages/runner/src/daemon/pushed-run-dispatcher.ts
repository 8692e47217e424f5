import type { PushedRun, Task } from '@monkeyslegion/scheduler-core';
import type { SchedulerRuntime } from '../boot/open-scheduler.js';
import type { RunOutcome } from '../run/run-outcome.js';

/** Options of the pushed-run dispatcher. */
export interface PushedRunDispatcherOptions {
  /** Consumer name in the driver (unique per daemon). */
  consumer: string;
  /** How long a claimed run stays hidden from other daemons; renewed every third of it while it runs. */
  visibilityTimeoutMs: number;
  /** Most pushed runs in flight at once. */
  maxConcurrent: number;
  /** Aborted on shutdown: running children are stopped gracefully. */
  runSignal: AbortSignal;
}

// Outcomes after which the run is tried again later instead of being acked.
const RETRYABLE_SKIPS = new Set(['overlapping', 'lock-unavailable']);

/**
 * Claims pushed runs from the driver and runs them through the task runner. At-least-once: a run is
 * acked only after its process ended and its state was recorded; while it runs its claim is extended;
 * a run that cannot start yet (its previous run still holds the overlap lock) stays claimed and is
 * retried; on shutdown unstarted runs go back to the queue.
 */
export class PushedRunDispatcher {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly deferred = new Map<string, PushedRun>();
  private claiming = false;

  constructor(
    private readonly scheduler: SchedulerRuntime,
    private readonly options: PushedRunDispatcherOptions,
  ) {}

  /** Runs in flight or waiting to be retried. */
  get pending(): number {
    return this.inFlight.size + this.deferred.size;
  }

  /** Claims what there is room for and starts it; retries deferred runs first. */
  async poll(): Promise<void> {
    if (this.claiming) return;
    this.claiming = true;
    try {
      for (const run of [...this.deferred.values()]) {
        if (this.inFlight.size >= this.options.maxConcurrent) break;
        this.deferred.delete(run.id);
        this.start(run);
      }
      const room = this.options.maxConcurrent - this.inFlight.size - this.deferred.size;
      if (room <= 0) return;
      const runs = await this.scheduler.driver.claim(this.options.consumer, room, this.options.visibilityTimeoutMs);
      for (const run of runs) this.start(run);
    } catch (error) {
      this.scheduler.app.logger.error({ err: error }, 'claiming pushed runs failed; retrying on the next pulse');
    } finally {
      this.claiming = false;
    }
  }

  /** Waits for the runs in flight. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Returns deferred (never started) runs to the queue. */
  async releaseDeferred(): Promise<void> {
    for (const run of this.deferred.values()) {
      await this.scheduler.driver.release(run.id).catch((error: unknown) => this.scheduler.app.logger.error({ err: error, runId: run.id }, 'pushed run could not be released'));
    }
    this.deferred.clear();
  }

  private start(run: PushedRun): void {
    const promise = this.handle(run).finally(() => this.inFlight.delete(run.id));
    this.inFlight.set(run.id, promise);
  }

  private async handle(run: PushedRun): Promise<void> {
    const { driver, app } = this.scheduler;
    const malformed = (run as PushedRun & { malformed?: string }).malformed;
    const task: Task | undefined = malformed ? undefined : app.registry.find(run.taskId);
    if (!task) {
      const reason = malformed ? `malformed pushed run: ${malformed}` : `unknown task id ${JSON.stringify(run.taskId)}; nothing was executed`;
      app.logger.error({ pushedRunId: run.id, taskId: run.taskId }, `pushed run rejected: ${reason}`);
      await driver.fail(run.id, reason).catch((error: unknown) => app.logger.error({ err: error, pushedRunId: run.id }, 'pushed run could not be marked failed'));
      return;
    }
    const extend = setInterval(() => {
      void driver.extend(run.id, this.options.visibilityTimeoutMs).catch((error: unknown) => app.logger.warn({ err: error, pushedRunId: run.id }, 'extending a pushed run claim failed'));
    }, Math.max(250, Math.floor(this.options.visibilityTimeoutMs / 3)));
    extend.unref();
    let outcome: RunOutcome;
    try {
      outcome = await this.scheduler.runner.run({
        task,
        scheduledAt: new Date(this.scheduler.clock.now()),
        trigger: 'push',
        payloadText: run.payload === undefined ? undefined : JSON.stringify(run.payload),
        signal: this.options.runSignal,
      });
    } finally {
      clearInterval(extend);
    }
    if (outcome.kind === 'skipped' && RETRYABLE_SKIPS.has(outcome.reason) && !this.options.runSignal.aborted) {
      this.deferred.set(run.id, run);
      return;
    }
    if (outcome.kind === 'ran' && outcome.result.status === 'interrupted' && this.options.runSignal.aborted) {
      // Stopped by our own shutdown, not by the task: another daemon should run it again.
      await driver.release(run.id).catch(() => undefined);
      return;
    }
    await driver.ack(run.id).catch((error: unknown) => app.logger.error({ err: error, pushedRunId: run.id }, 'pushed run could not be acked; it may be delivered again'));
  }
}
