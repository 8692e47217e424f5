import { TaskFailed, TaskFinished, TaskSkipped, TaskStarting } from '@monkeyslegion/scheduler-core';
import { Daemon, type DaemonOptions, type DaemonReport } from '../../src/index.js';
import type { OpenedFixture } from './open-fixture.js';
import { waitFor } from './wait-for.js';

/** A daemon running in the test process, with counters to wait on. */
export interface RunningDaemon {
  readonly daemon: Daemon;
  /** Pulses so far. */
  pulses(): number;
  /** Runs started and not yet ended. */
  outstanding(): number;
  /** `TaskSkipped` events so far. */
  readonly skips: TaskSkipped[];
  /** Waits for `count` more pulses and for every started run to end. */
  settle(count?: number): Promise<void>;
  /** Stops the daemon and resolves with its report. */
  stop(): Promise<DaemonReport>;
}

/** Starts a `Daemon` on an opened fixture. */
export function startDaemon(opened: OpenedFixture, options: DaemonOptions = {}): RunningDaemon {
  let pulses = 0;
  let started = 0;
  let ended = 0;
  const skips: TaskSkipped[] = [];
  const { events } = opened.scheduler.app;
  events.on(TaskStarting, () => started++);
  events.on(TaskFinished, () => ended++);
  events.on(TaskFailed, () => ended++);
  events.on(TaskSkipped, (event) => skips.push(event));
  const daemon = new Daemon(opened.scheduler, {
    ...options,
    onPulse: (pulse) => {
      pulses++;
      options.onPulse?.(pulse);
    },
  });
  const done = daemon.run();
  return {
    daemon,
    pulses: () => pulses,
    outstanding: () => started - ended,
    skips,
    async settle(count = 3) {
      const target = pulses + count;
      await waitFor(`${count} pulses and no run in progress`, () => pulses >= target && started === ended);
    },
    async stop() {
      daemon.stop();
      return done;
    },
  };
}
