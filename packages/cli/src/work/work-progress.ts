import { TaskFailed, TaskFinished, TaskSkipped, TaskStarting, type Task } from '@monkeyslegion/scheduler-core';
import type { SchedulerRuntime } from '@monkeyslegion/scheduler-runner';
import { terminalWidth, type CliStream } from '../cli/cli-io.js';
import type { Colors } from '../format/colors.js';
import { formatCountdown, formatRunDuration } from '../format/format-duration.js';
import { truncate } from '../format/render-table.js';
import { ZonedTimeFormatter, systemTimezone } from '../format/zoned-time-formatter.js';

const CLEAR_LINE = '\r\u001b[2K';

/**
 * The human view of `schedule:work` on a terminal: a line per started, finished, failed or skipped run
 * and a one-line status (tasks, next slot with countdown, running) redrawn in place at every pulse.
 * Only used when stdout is a TTY; pipes and log collectors get the JSON logs instead.
 */
export class WorkProgress {
  private readonly clock = new ZonedTimeFormatter(systemTimezone());
  private readonly unsubscribe: (() => void)[] = [];
  private next: { at: number; taskId: string } | null = null;
  private status = '';
  private detached = false;

  constructor(
    private readonly stream: CliStream,
    private readonly scheduler: SchedulerRuntime,
    private readonly tasks: readonly Task[],
    private readonly colors: Colors,
  ) {}

  /** Starts printing lifecycle events. */
  attach(): void {
    const { events } = this.scheduler.app;
    const { colors } = this;
    this.unsubscribe.push(
      events.on(TaskStarting, (event) => this.line(`${colors.blue('▶')} ${event.task.id} started (${event.trigger}, run ${event.runId.slice(0, 8)})`)),
      events.on(TaskFinished, (event) => this.line(`${colors.green('✓')} ${event.task.id} succeeded in ${formatRunDuration(event.result.durationMs)}`)),
      events.on(TaskFailed, (event) => {
        const exit = event.result.exitCode === null ? (event.result.signal ?? event.result.error ?? '') : `exit ${event.result.exitCode}`;
        this.line(`${colors.red('✗')} ${event.task.id} ${event.result.status} (${exit}) after ${formatRunDuration(event.result.durationMs)}`);
      }),
      events.on(TaskSkipped, (event) => this.line(`${colors.yellow('-')} ${event.task.id} skipped (${event.reason}): ${event.detail}`)),
    );
  }

  /** Redraws the status line after a daemon pulse. */
  pulse(at: number, running: number): void {
    if (this.detached) return;
    if (this.next === null || this.next.at <= at) this.next = this.nextSlot(at);
    const next = this.next ? `next ${this.next.taskId} at ${this.clock.wallClock(new Date(this.next.at))} (${formatCountdown(this.next.at, at)})` : 'nothing scheduled';
    const text = `${this.tasks.length} task${this.tasks.length === 1 ? '' : 's'} · ${next} · ${running} running · Ctrl-C to stop`;
    this.status = truncate(text, Math.max(20, (terminalWidth(this.stream) ?? 80) - 1));
    this.stream.write(`${CLEAR_LINE}${this.colors.dim(this.status)}`);
  }

  /** Stops printing and leaves the cursor on a fresh line. */
  detach(): void {
    this.detached = true;
    for (const off of this.unsubscribe.splice(0)) off();
    if (this.status !== '') this.stream.write(`${CLEAR_LINE}`);
    this.status = '';
  }

  private line(text: string): void {
    this.stream.write(`${CLEAR_LINE}${text}\n${this.status ? this.colors.dim(this.status) : ''}`);
  }

  // Recomputed only when the cached slot has passed, not at every pulse: cheap with thousands of tasks.
  private nextSlot(at: number): { at: number; taskId: string } | null {
    let best: { at: number; taskId: string } | null = null;
    const from = new Date(at);
    for (const task of this.tasks) {
      try {
        const next = task.nextRunAt(from).getTime();
        if (best === null || next < best.at) best = { at: next, taskId: task.id };
      } catch {
        // No future slot.
      }
    }
    return best;
  }
}
