import { pino } from 'pino';
import { CHILD_ENV } from './child-environment.js';
import { bootTaskApp, exitWhenSettled, requiredEnv, resolveTaskBody, runTaskBody, stopController } from './task-child.js';

// The cold Node child of a closure or class task: spawned for one run. A discovered class is imported
// straight from its module (no config, no scanning: the lean path); a closure or a `schedule.job()` class
// boots the same config without plugins and finds the task by id. Exit 0 on success; a throw or
// rejection prints the stack on stderr and exits 1.
async function main(): Promise<number> {
  const base = { taskId: requiredEnv(CHILD_ENV.taskId), runId: requiredEnv(CHILD_ENV.runId) };
  const logger = pino({ name: 'legion-task', base }, pino.destination({ fd: 1, sync: true }));
  const controller = stopController();
  return runTaskBody(() => resolveTaskBody(() => bootTaskApp(logger)), logger, controller);
}

exitWhenSettled(main());
