import { Application, UnknownTaskError, type TaskContext } from '@monkeyslegion/scheduler-core';
import { pino } from 'pino';
import { loadConfig } from '../config/load-config.js';
import { typescriptImporter } from '../config/typescript-importer.js';
import { CHILD_ENV, parsePayload } from './child-environment.js';

// The Node child of a closure or class task: boots the same config without plugins, finds the task
// by id and calls it. Exit 0 on success; a throw or rejection prints the stack on stderr and exits 1.
async function main(): Promise<number> {
  const taskId = required(CHILD_ENV.taskId);
  const runId = required(CHILD_ENV.runId);
  const scheduledAt = new Date(required(CHILD_ENV.scheduledAt));
  const { config, file } = await loadConfig(required(CHILD_ENV.config));
  const logger = pino({ name: 'legion-task', base: { taskId, runId } }, pino.destination({ fd: 1, sync: true }));
  const app = await Application.boot(config, { configFile: file, enablePlugins: false, importModule: typescriptImporter(), logger });
  const task = app.registry.find(taskId);
  if (!task) throw new UnknownTaskError(taskId);
  const controller = new AbortController();
  process.once('SIGTERM', () => controller.abort(new Error('SIGTERM')));
  process.once('SIGINT', () => controller.abort(new Error('SIGINT')));
  const context: TaskContext = {
    taskId,
    runId,
    scheduledAt,
    payload: parsePayload(process.env[CHILD_ENV.payload]),
    signal: controller.signal,
    logger,
  };
  if (task.kind === 'closure' && task.closure) {
    await task.closure(context);
  } else if (task.kind === 'class' && task.target) {
    const instance = app.instantiate(task.target.class) as Record<string, (context: TaskContext) => unknown>;
    await instance[task.target.method]!(context);
  } else {
    throw new Error(`task "${taskId}" is a ${task.kind} task; only closures and classes run in a Node child`);
  }
  return 0;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`legion task child: environment variable ${name} is missing`);
  return value;
}

main().then(
  (code) => {
    process.exitCode = code;
    // Closures may leave timers or sockets open; the run is over when the function settles.
    setImmediate(() => process.exit(code));
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
