import type { SchedulerRuntime } from '../boot/open-scheduler.js';
import { InterruptRefusedError } from '../errors/interrupt-refused-error.js';
import { isGroupAlive, killGroup } from '../process/kill-group.js';
import type { RunningProcess } from '../state/running-registry.js';

/** Options of `interruptRun`. */
export interface InterruptOptions {
  /** Time between SIGTERM and SIGKILL. @default 10000 */
  graceMs?: number;
}

/** What an interrupt did. */
export interface InterruptReport {
  /** The run that was stopped. */
  run: RunningProcess;
  /** `true` when SIGKILL was needed after the grace period. */
  killed: boolean;
}

/**
 * Stops one running task process: only a pid the running-process registry lists as a task run on this
 * host is signalled (anything else is refused with nothing signalled). SIGTERM to its process group,
 * then SIGKILL after the grace period; the spawning scheduler records the run `interrupted`, releases
 * its lock and keeps running.
 */
export async function interruptRun(scheduler: SchedulerRuntime, pid: number, options: InterruptOptions = {}): Promise<InterruptReport> {
  if (!Number.isSafeInteger(pid) || pid <= 1) throw new InterruptRefusedError(pid, 'not a task process id');
  if (pid === process.pid) throw new InterruptRefusedError(pid, 'that is this command itself');
  if (pid === process.ppid) throw new InterruptRefusedError(pid, 'that is the process that started this command');
  const run = await scheduler.running.findByPid(pid, scheduler.host);
  if (!run) throw new InterruptRefusedError(pid, `no running task of this scheduler has that pid on host ${scheduler.host}`);
  if (run.pid === run.schedulerPid) throw new InterruptRefusedError(pid, 'that is a scheduler, not a task');
  await scheduler.interrupts.request(run.runId);
  killGroup(pid, 'SIGTERM');
  const deadline = Date.now() + (options.graceMs ?? 10_000);
  while (isGroupAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const killed = isGroupAlive(pid) && killGroup(pid, 'SIGKILL');
  return { run, killed };
}
