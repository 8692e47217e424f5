import type { PushedRun, RunResult } from '@monkeyslegion/scheduler-core';
import type { SchedulerRuntime } from '../boot/open-scheduler.js';
import type { RunOutcome } from '../run/run-outcome.js';
import type { WarmPool } from '../warm/warm-pool.js';

/** Options of the pushed-run dispatcher. */
export interface PushedRunDispatcherOptions {
  /** Consumer name in the driver (unique per daemon). */
  consumer: string;
  /** How long a claimed run stays hidden from other daemons; renewed every third of it while held. */
  visibilityTimeoutMs: number;
  /** Most pushed runs claimed at once (running or waiting for their task's overlap lock). */
  maxConcurrent: number;
  /** Aborted on shutdown: running children are stopped gracefully. */
  runSignal: AbortSignal;
  /** Closure and class runs take a booted child from this pool when one is ready. @default null */
  warmPool?: WarmPool | null;
  /** Waiting shells string commands take when one is ready (the daemon's). */
  warmShells?: WarmPool | null;
  /** Called whenever a held run was acked, failed or released, so the loop can claim or retry at once. */
  onSettled?(): void;
}

/** A claimed run this dispatcher holds until it acks, fails or releases it. */
interface HeldRun {
  readonly run: PushedRun;
  readonly renewal: NodeJS.Timeout;
}

/**
 * Claims pushed runs from the driver and runs them through the task runner. At-least-once: a run is
 * acked (or failed) only after its process ended and its state was recorded; its claim is extended for
 * as long as it is held, including while it waits for its task's overlap lock; a run that did not run
 * (its previous run still holds the lock, or the daemon is stopping) is never acked: it is retried, or
 * returned to the queue on shutdown.
 */
export class PushedRunDispatcher {
  private readonly held = new Map<string, HeldRun>();
  private readonly inFlight = new Map<string, Promise<void>>();
  // Claimed runs waiting to be retried, oldest first.
  private readonly deferred: PushedRun[] = [];
  private claiming = false;

  constructor(
    private readonly scheduler: SchedulerRuntime,
    private readonly options: PushedRunDispatcherOptions,
  ) {}

  /** Runs held: in flight or waiting to be retried. */
  get pending(): number {
    return this.held.size;
  }

  /** `true` while another run can be claimed. */
  get hasRoom(): boolean {
    return this.held.size < this.options.maxConcurrent;
  }

  /**
   * Retries deferred runs (one per task, oldest first), then claims what there is room for and starts
   * it. Resolves with the number of newly claimed runs, or `null` when claiming failed.
   */
  async poll(): Promise<number | null> {
    if (this.claiming) return 0;
    this.claiming = true;
    try {
      const retried = new Set<string>();
      for (let index = 0; index < this.deferred.length; ) {
        const run = this.deferred[index]!;
        // Runs of one task wait for the same overlap lock: trying more than one per task is wasted work.
        if (retried.has(run.taskId)) {
          index++;
          continue;
        }
        retried.add(run.taskId);
        this.deferred.splice(index, 1);
        this.start(run);
      }
      const room = this.options.maxConcurrent - this.held.size;
      if (room <= 0) return 0;
      const runs = await this.scheduler.driver.claim(this.options.consumer, room, this.options.visibilityTimeoutMs);
      for (const run of runs) {
        this.hold(run);
        this.start(run);
      }
      return runs.length;
    } catch (error) {
      this.scheduler.app.logger.error({ err: error }, 'claiming pushed runs failed; retrying on the next pulse');
      return null;
    } finally {
      this.claiming = false;
    }
  }

  /** Waits for the runs in flight (deferred runs are not started again). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Returns every held run that is not running (deferred, never started) to the queue. */
  async releaseDeferred(): Promise<void> {
    for (const run of this.deferred.splice(0)) await this.settle(run, 'release');
  }

  private hold(run: PushedRun): void {
    const { driver, app } = this.scheduler;
    const renewal = setInterval(() => {
      driver.extend(run.id, this.options.visibilityTimeoutMs).then(
        (extended) => {
          if (!extended) app.logger.warn({ pushedRunId: run.id, taskId: run.taskId }, 'a pushed run claim was lost; another daemon may run it too');
        },
        (error: unknown) => app.logger.warn({ err: error, pushedRunId: run.id }, 'extending a pushed run claim failed'),
      );
    }, Math.max(250, Math.floor(this.options.visibilityTimeoutMs / 3)));
    renewal.unref();
    this.held.set(run.id, { run, renewal });
  }

  private start(run: PushedRun): void {
    const promise = this.handle(run)
      .catch((error: unknown) => this.scheduler.app.logger.error({ err: error, pushedRunId: run.id }, 'pushed run failed unexpectedly; it will be delivered again'))
      .finally(() => this.inFlight.delete(run.id));
    this.inFlight.set(run.id, promise);
  }

  private async handle(run: PushedRun): Promise<void> {
    const { app } = this.scheduler;
    const task = app.registry.find(run.taskId);
    if (!task) {
      const reason = `unknown task id ${JSON.stringify(run.taskId)}; nothing was executed`;
      app.logger.error({ pushedRunId: run.id, taskId: run.taskId }, `pushed run rejected: ${reason}`);
      await this.settle(run, 'fail', reason);
      return;
    }
    const outcome: RunOutcome = await this.scheduler.runner.run({
      task,
      scheduledAt: new Date(this.scheduler.clock.now()),
      trigger: 'push',
      payloadText: run.payload === undefined ? undefined : JSON.stringify(run.payload),
      signal: this.options.runSignal,
      postponable: true,
      warmPool: this.options.warmPool,
      warmShells: this.options.warmShells,
    });
    if (outcome.kind === 'skipped') {
      // It did not run, so it must not be acked: retry it, or give it back when stopping.
      if (this.options.runSignal.aborted) await this.settle(run, 'release');
      else this.deferred.push(run);
      return;
    }
    const { result } = outcome;
    if (result.status === 'interrupted' && this.options.runSignal.aborted) {
      // Stopped by our own shutdown, not by the task or an operator: another daemon should run it again.
      await this.settle(run, 'release');
      return;
    }
    if (result.status === 'success') await this.settle(run, 'ack');
    else await this.settle(run, 'fail', failureReason(result));
  }

  private async settle(run: PushedRun, action: 'ack' | 'fail' | 'release', reason = ''): Promise<void> {
    const entry = this.held.get(run.id);
    if (entry) clearInterval(entry.renewal);
    this.held.delete(run.id);
    const { driver, app } = this.scheduler;
    try {
      if (action === 'ack') await driver.ack(run.id);
      else if (action === 'fail') await driver.fail(run.id, reason);
      else await driver.release(run.id);
    } catch (error) {
      app.logger.error({ err: error, pushedRunId: run.id, action }, `pushed run could not be ${action === 'ack' ? 'acked' : action === 'fail' ? 'failed' : 'released'}; it will be delivered again`);
    }
    // Room was freed, and a deferred run of the same task may now get the overlap lock.
    this.options.onSettled?.();
  }
}

function failureReason(result: RunResult): string {
  return `run ${result.runId} ${result.status}: ${result.error ?? 'no detail'}`;
}
