import { Application, Container, UnknownTaskError, type TaskContext } from '@monkeyslegion/scheduler-core';
import { pino, type Logger } from 'pino';
import { loadConfig } from '../config/load-config.js';
import { typescriptImporter } from '../config/typescript-importer.js';
import { CHILD_ENV, parsePayload } from './child-environment.js';

type TaskBody = (context: TaskContext) => unknown;

// The Node child of a closure or class task. A discovered class is imported straight from its module
// (no config, no scanning: the lean path); a closure or a `schedule.job()` class boots the same config
// without plugins and finds the task by id. Exit 0 on success; a throw or rejection prints the stack on
// stderr and exits 1.
async function main(): Promise<number> {
  const taskId = required(CHILD_ENV.taskId);
  const runId = required(CHILD_ENV.runId);
  const logger = pino({ name: 'legion-task', base: { taskId, runId } }, pino.destination({ fd: 1, sync: true }));
  const controller = new AbortController();
  process.once('SIGTERM', () => controller.abort(new Error('SIGTERM')));
  process.once('SIGINT', () => controller.abort(new Error('SIGINT')));
  const context: TaskContext = {
    taskId,
    runId,
    scheduledAt: new Date(required(CHILD_ENV.scheduledAt)),
    payload: parsePayload(process.env[CHILD_ENV.payload]),
    signal: controller.signal,
    logger,
  };
  const body = process.env[CHILD_ENV.module] ? await fromModule() : await fromConfig(taskId, logger);
  // A pending promise does not keep Node alive. Without this handle, a task awaiting something that holds
  // none (e.g. `ctx.signal`, or a promise it forgot to settle) would let the process exit 0 mid-run and
  // be recorded as a success. The run lasts until the task's promise settles (or its timeout).
  const keepAlive = setInterval(() => undefined, 2 ** 30);
  try {
    await body(context);
  } finally {
    clearInterval(keepAlive);
  }
  return 0;
}

async function fromModule(): Promise<TaskBody> {
  const file = required(CHILD_ENV.module);
  const exportName = required(CHILD_ENV.exportName);
  const method = required(CHILD_ENV.method);
  const exports = await typescriptImporter()(file);
  const taskClass = exports[exportName];
  if (typeof taskClass !== 'function') throw new Error(`legion task child: ${file} no longer exports a class named ${exportName}`);
  const instance = Container.of('legion-task-child').get(taskClass as new () => Record<string, TaskBody>);
  if (typeof instance[method] !== 'function') throw new Error(`legion task child: ${exportName}.${method} is not a method`);
  return (context) => instance[method]!(context);
}

async function fromConfig(taskId: string, logger: Logger): Promise<TaskBody> {
  const { config, file } = await loadConfig(required(CHILD_ENV.config));
  const app = await Application.boot(config, { configFile: file, enablePlugins: false, importModule: typescriptImporter(), logger });
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

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`legion task child: environment variable ${name} is missing`);
  return value;
}

main().then(
  (code) => {
    // Closures may leave timers or sockets open; the run is over when the function settles.
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
