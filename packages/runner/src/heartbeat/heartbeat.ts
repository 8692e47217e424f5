import { setMaxListeners } from 'node:events';
import type { RunOutcome } from '../run/run-outcome.js';
import type { SchedulerRuntime } from '../boot/open-scheduler.js';
import { selectDueMinuteSlots, selectDueSecondSlots, type DueSlot } from './select-due-slots.js';

/** Options of one heartbeat (`schedule:run`). */
export interface HeartbeatOptions {
  /** Run every selected task now, due or not. @default false */
  force?: boolean;
  /** Only tasks carrying every one of these tags. @default [] */
  tags?: string[];
  /** Aborting (SIGINT/SIGTERM) stops scheduling and forwards a graceful stop to running children. */
  signal?: AbortSignal;
}

/** What one heartbeat did. */
export interface HeartbeatReport {
  /** Every run request's outcome, in start order. */
  outcomes: RunOutcome[];
  /** 0 when every run succeeded (or nothing ran), 1 when any run failed. */
  exitCode: 0 | 1;
}

const SECOND = 1000;
const MINUTE = 60_000;

/**
 * One heartbeat, meant for crontab `* * * * *`: runs every due slot of this minute concurrently, each in
 * its own child process; sub-minute tasks keep it alive to the end of the minute, firing on whole
 * seconds of the wall clock. Resolves when every child has exited.
 */
export async function runHeartbeat(scheduler: SchedulerRuntime, options: HeartbeatOptions = {}): Promise<HeartbeatReport> {
  const { app, runner, clock } = scheduler;
  const tasks = app.registry.all().withTags(options.tags ?? []).toArray();
  const runs: Promise<RunOutcome>[] = [];
  // Every running child listens for the stop; dozens at once are normal, not a listener leak.
  const stop = new AbortController();
  setMaxListeners(0, stop.signal);
  const forwardStop = () => stop.abort(options.signal?.reason);
  if (options.signal?.aborted) forwardStop();
  else options.signal?.addEventListener('abort', forwardStop, { once: true });
  const start = (slots: DueSlot[], force = false) => {
    for (const { task, slot } of slots) {
      runs.push(runner.run({ task, scheduledAt: slot, trigger: 'schedule', applyFilters: !force, claimHostSlot: !force, signal: stop.signal }));
    }
  };
  const now = clock.now();
  if (options.force) {
    start(tasks.map((task) => ({ task, slot: new Date(Math.floor(now / SECOND) * SECOND) })), true);
  } else {
    start(selectDueMinuteSlots(tasks, now, app.config.graceMs));
    const secondTasks = tasks.filter((task) => task.hasSeconds);
    if (secondTasks.length > 0) await fireSeconds(scheduler, secondTasks, now, options.signal, start);
  }
  // Every run settles before the heartbeat answers, even if one of them hit an unexpected error.
  const settled = await Promise.allSettled(runs);
  options.signal?.removeEventListener('abort', forwardStop);
  const broken = settled.find((entry): entry is PromiseRejectedResult => entry.status === 'rejected');
  if (broken) throw broken.reason;
  const outcomes = settled.map((entry) => (entry as PromiseFulfilledResult<RunOutcome>).value);
  const failed = outcomes.some((outcome) => outcome.kind === 'ran' && outcome.result.status !== 'success');
  return { outcomes, exitCode: failed ? 1 : 0 };
}

async function fireSeconds(
  scheduler: SchedulerRuntime,
  tasks: readonly DueSlot['task'][],
  startedAt: number,
  signal: AbortSignal | undefined,
  start: (slots: DueSlot[]) => void,
): Promise<void> {
  const minuteEnd = Math.floor(startedAt / MINUTE) * MINUTE + MINUTE;
  let second = Math.floor(startedAt / SECOND) * SECOND;
  while (second < minuteEnd && !signal?.aborted) {
    const wait = second - scheduler.clock.now();
    if (wait > 0) await sleep(wait, signal);
    if (signal?.aborted) break;
    start(selectDueSecondSlots(tasks, second));
    second += SECOND;
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
