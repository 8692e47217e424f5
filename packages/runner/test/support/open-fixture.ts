import { TaskFailed, TaskFinished, TaskSkipped, TaskStarting } from '@monkeyslegion/scheduler-core';
import type { SchedulerRuntime } from '../../src/index.js';
import { openScheduler } from '../../src/index.js';
import { trace } from '../fixtures/apps/trace.js';
import type { FixtureApp } from './fixture-app.js';
import { memoryLogger, type LogLine } from './memory-logger.js';

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public at: number) {}

  now(): number {
    return this.at;
  }

  /** Moves the clock to an ISO instant. */
  set(iso: string): void {
    this.at = Date.parse(iso);
  }
}

/** A scheduler opened in the test process on a fixture app, with its log lines and the app's trace. */
export interface OpenedFixture {
  readonly scheduler: SchedulerRuntime;
  readonly logs: LogLine[];
  /** Lines of `trace.log`: hooks, events and task children in the order they happened. */
  trace(): string[];
}

/** Options of `openFixture`. */
export interface OpenFixtureOptions {
  clock?: ManualClock;
  killGraceMs?: number;
  host?: string;
}

/**
 * Opens `app` in this process and appends every lifecycle event to the app's `trace.log` (the file the
 * hooks and the task children write to), as `TaskStarting <id>`, `TaskFinished <id> <status>`,
 * `TaskFailed <id> <status>` and `TaskSkipped <id> <reason>`.
 */
export async function openFixture(app: FixtureApp, options: OpenFixtureOptions = {}): Promise<OpenedFixture> {
  const { logger, lines } = memoryLogger();
  const scheduler = await openScheduler({ cwd: app.dir, logger, clock: options.clock, killGraceMs: options.killGraceMs ?? 500, host: options.host ?? 'test-host' });
  const { events } = scheduler.app;
  events.on(TaskStarting, (event) => trace(app.dir, `TaskStarting ${event.task.id}`));
  events.on(TaskFinished, (event) => trace(app.dir, `TaskFinished ${event.task.id} ${event.result.status}`));
  events.on(TaskFailed, (event) => trace(app.dir, `TaskFailed ${event.task.id} ${event.result.status}`));
  events.on(TaskSkipped, (event) => trace(app.dir, `TaskSkipped ${event.task.id} ${event.reason}`));
  return { scheduler, logs: lines, trace: () => app.lines('trace.log') };
}
