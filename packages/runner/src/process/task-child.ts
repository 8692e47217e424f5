import { Application, Container, UnknownTaskError, type TaskContext } from '@monkeyslegion/scheduler-core';
import type { Logger } from 'pino';
import { loadConfig } from '../config/load-config.js';
import { typescriptImporter } from '../config/typescript-importer.js';
import { CHILD_ENV, parsePayload } from './child-environment.js';

/** What a task child calls: a closure, or a bound method of a class instance. */
export type TaskBody = (context: TaskContext) => unknown;

/** The value of a `LEGION_*` variable every task child needs; a clear error when it is missing. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`legion task child: environment variable ${name} is missing`);
  return value;
}

/** Boots the config named by `LEGION_CONFIG` without plugins: only the tasks, never a connection. */
export async function bootTaskApp(logger: Logger): Promise<Application> {
  const { config, file } = await loadConfig(requiredEnv(CHILD_ENV.config));
  return Application.boot(config, { configFile: file, enablePlugins: false, importModule: typescriptImporter(), logger });
}

/**
 * The body of the task the environment names. A discovered class (`LEGION_TASK_MODULE` set) is imported
 * straight from its module; anything else is found by id in `app`, booted on demand (the cold child)
 * or ahead of time (a warm child).
 */
export async function resolveTaskBody(app: () => Promise<Application>): Promise<TaskBody> {
  return process.env[CHILD_ENV.module] ? fromModule() : fromApp(await app(), requiredEnv(CHILD_ENV.taskId));
}

/**
 * Resolves the task's body, runs it once with a context built from the environment, and resolves with the exit code (0). A
 * throw or rejection propagates; SIGTERM/SIGINT abort `ctx.signal` instead of killing the process.
 */
export async function runTaskBody(body: () => Promise<TaskBody>, logger: Logger, controller: AbortController): Promise<number> {
  const context: TaskContext = {
    taskId: requiredEnv(CHILD_ENV.taskId),
    runId: requiredEnv(CHILD_ENV.runId),
    scheduledAt: new Date(requiredEnv(CHILD_ENV.scheduledAt)),
    payload: parsePayload(process.env[CHILD_ENV.payload]),
    signal: controller.signal,
    logger,
  };
  const run = await body();
  // A pending promise does not keep Node alive. Without this handle, a task awaiting something that holds
  // none (e.g. `ctx.signal`, or a promise it forgot to settle) would let the process exit 0 mid-run and
  // be recorded as a success. The run lasts until the task's promise settles (or its timeout).
  const keepAlive = setInterval(() => undefined, 2 ** 30);
  try {
    await run(context);
  } finally {
    clearInterval(keepAlive);
  }
  return 0;
}

/** An abort controller that SIGTERM and SIGINT abort, so a stopped task sees `ctx.signal` abort. */
export function stopController(): AbortController {
  const controller = new AbortController();
  process.once('SIGTERM', () => controller.abort(new Error('SIGTERM')));
  process.once('SIGINT', () => controller.abort(new Error('SIGINT')));
  return controller;
}

/** Exits with the code `main` resolves to; a throw prints its stack on stderr and exits 1. */
export function exitWhenSettled(main: Promise<number>): void {
  main.then(
    // Closures may leave timers or sockets open; the run is over when the function settles.
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

async function fromModule(): Promise<TaskBody> {
  const file = requiredEnv(CHILD_ENV.module);
  const exportName = requiredEnv(CHILD_ENV.exportName);
  const method = requiredEnv(CHILD_ENV.method);
  const exports = await typescriptImporter()(file);
  const taskClass = exports[exportName];
  if (typeof taskClass !== 'function') throw new Error(`legion task child: ${file} no longer exports a class named ${exportName}`);
  const instance = Container.of('legion-task-child').get(taskClass as new () => Record<string, TaskBody>);
  if (typeof instance[method] !== 'function') throw new Error(`legion task child: ${exportName}.${method} is not a method`);
  return (context) => instance[method]!(context);
}

function fromApp(app: Application, taskId: string): TaskBody {
  const task = app.registry.find(taskId);
  if (!task) throw new UnknownTaskError(taskId);
  if (task.kind === 'closure' && task.closure) return task.closure;
  if (task.kind === 'class' && task.target?.class) {
    const instance = app.instantiate(task.target.class) as Record<string, TaskBody>;
    const method = task.target.method;
    return (context) => instance[method]!(context);
  }
  throw new Error(`legion task child: task "${taskId}" is a ${task.kind} task; only closures and classes run in a Node child`);
}
