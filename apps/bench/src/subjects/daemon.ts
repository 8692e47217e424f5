import { TaskFailed, TaskFinished, TaskSkipped, TaskStarting } from '@monkeyslegion/scheduler-core';
import { Daemon, openScheduler } from '@monkeyslegion/scheduler-runner';
import { capturingLogger } from '../measure/capturing-logger.js';
import { preciseNow } from '../measure/precise-now.js';
import { serveSubject } from '../measure/serve-subject.js';
import type { DaemonEvent, DaemonSubjectInput, DaemonSubjectResult } from './daemon-events.js';

// The real daemon (`Daemon` from the runner, as `legion schedule:work` runs it) on a fixture app,
// streaming when each run is dispatched (`TaskStarting`, emitted just before the spawn call) and the
// first stdout line of each child. Runs until the harness sends `stop`, then drains.
serveSubject<DaemonSubjectInput, DaemonSubjectResult>(async (input, channel) => {
  Object.assign(process.env, input.env);
  const emit = (event: DaemonEvent) => channel.emit(event);
  const seen = new Set<string>();
  const { logger, problems } = capturingLogger((line) => {
    if (line.stream !== 'stdout' || (!input.allLines && seen.has(line.runId))) return;
    seen.add(line.runId);
    emit({ type: 'line', taskId: line.taskId, runId: line.runId, text: line.text, at: line.receivedAt });
  });
  const scheduler = await openScheduler({ cwd: input.fixtureDir, logger });
  const { events } = scheduler.app;
  events.on(TaskStarting, (event) => {
    emit({ type: 'starting', taskId: event.task.id, runId: event.runId, trigger: event.trigger, scheduledAt: event.scheduledAt.getTime(), at: preciseNow() });
  });
  events.on(TaskFinished, (event) => emit({ type: 'finished', taskId: event.task.id, runId: event.result.runId, status: 'success', at: preciseNow() }));
  events.on(TaskFailed, (event) => {
    emit({ type: 'finished', taskId: event.task.id, runId: event.result.runId, status: event.result.status, at: preciseNow() });
    if (problems.length < 20) problems.push(`${event.task.id} ${event.result.status}: ${event.result.error ?? ''} ${event.result.outputTail.slice(-300)}`);
  });
  events.on(TaskSkipped, (event) => emit({ type: 'skipped', taskId: event.task.id, reason: event.reason, at: preciseNow() }));
  const daemon = new Daemon(scheduler, { servePushed: input.servePushed, onPulse: (pulse) => emit({ type: 'pulse', at: pulse.at }) });
  const stopped = new Promise<void>((resolve) => channel.onCommand((command) => command === 'stop' && resolve()));
  const running = daemon.run();
  emit({ type: 'ready', at: preciseNow() });
  await Promise.race([stopped, running]);
  daemon.stop();
  const report = await running;
  await scheduler.close();
  return { dispatched: report.dispatched, problems };
});
