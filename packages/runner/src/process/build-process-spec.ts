import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Task } from '@monkeyslegion/scheduler-core';
import { CHILD_ENV, NODE_RUN_VARIABLES, withoutVariables } from './child-environment.js';
import type { ProcessSpec } from './process-spec.js';
import { applyAssignment } from './warm-protocol.js';

/** What every run's child needs to know. */
export interface SpecContext {
  /** Run id. */
  runId: string;
  /** Slot instant. */
  scheduledAt: Date;
  /** Absolute config file (closure and class children boot it). */
  configFile: string;
  /** Working directory. */
  cwd: string;
  /** Canonical JSON text of a pushed payload. */
  payloadText?: string;
  /** Extra environment for the child. */
  env?: NodeJS.ProcessEnv;
}

/** Absolute path of the compiled cold Node child entry (also when this module runs from its TypeScript source). */
export function childEntryPath(): string {
  return compiledEntry('./child-entry.js');
}

/** Absolute path of the compiled warm Node child entry (the daemon's warm pool spawns it). */
export function warmChildEntryPath(): string {
  return compiledEntry('./warm-child-entry.js');
}

function compiledEntry(name: string): string {
  const here = fileURLToPath(new URL(name, import.meta.url));
  // Under vitest this file is `src/process/*.ts`; children always run the compiled `dist` twin.
  return here.includes(`${path.sep}src${path.sep}`) ? here.replace(`${path.sep}src${path.sep}`, `${path.sep}dist${path.sep}`) : here;
}

/**
 * The spec of a warm child: the warm entry, in the config's folder, with the environment a cold
 * closure child gets minus every per-run variable (its assignment brings those).
 */
export function warmChildSpec(context: { configFile: string; cwd: string; env?: NodeJS.ProcessEnv; entryFile?: string }): ProcessSpec {
  const env = withoutVariables({ ...process.env, ...context.env, [CHILD_ENV.config]: context.configFile }, NODE_RUN_VARIABLES);
  return { file: process.execPath, args: [context.entryFile ?? warmChildEntryPath()], cwd: context.cwd, env };
}

/**
 * The per-run `LEGION_*` variables of a closure or class run (`null`: unset): what a cold Node child is
 * spawned with on top of the scheduler's environment, and exactly what a warm child's assignment sets.
 */
export function nodeRunEnv(task: Task, context: Pick<SpecContext, 'runId' | 'scheduledAt' | 'payloadText'>): Record<string, string | null> {
  const module = task.kind === 'class' ? task.target?.module : null;
  // A discovered class is imported straight from its module: the child skips the config and scanning.
  const target = module && task.target ? { file: module.file, exportName: module.exportName, method: task.target.method } : null;
  return {
    ...commandRunEnv(task, context),
    [CHILD_ENV.module]: target?.file ?? null,
    [CHILD_ENV.exportName]: target?.exportName ?? null,
    [CHILD_ENV.method]: target?.method ?? null,
  };
}

/**
 * The per-run `LEGION_*` variables of a command run (`null`: unset): what a cold command is spawned with
 * on top of the scheduler's environment, and exactly what a warm shell exports before the command.
 */
export function commandRunEnv(task: Task, context: Pick<SpecContext, 'runId' | 'scheduledAt' | 'payloadText'>): Record<string, string | null> {
  return {
    [CHILD_ENV.taskId]: task.id,
    [CHILD_ENV.runId]: context.runId,
    [CHILD_ENV.scheduledAt]: context.scheduledAt.toISOString(),
    [CHILD_ENV.payload]: context.payloadText ?? null,
  };
}

/**
 * Builds the spawn spec of a run: a string command runs through `/bin/sh -c`, an array runs directly
 * (no shell, so payloads or arguments are never interpreted), closures and classes run in a Node child
 * that boots the same config. The child sees `LEGION_TASK_ID`, `LEGION_RUN_ID`, `LEGION_SCHEDULED_AT`
 * and, for pushed runs, `LEGION_PAYLOAD`.
 */
export function buildProcessSpec(task: Task, context: SpecContext): ProcessSpec {
  const env: NodeJS.ProcessEnv = { ...process.env, ...context.env };
  if (task.kind === 'command') {
    applyAssignment({ env: commandRunEnv(task, context) }, env);
    if (typeof task.command === 'string') return { file: '/bin/sh', args: ['-c', task.command], cwd: context.cwd, env };
    const [file, ...args] = task.command as readonly string[];
    return { file: file!, args, cwd: context.cwd, env };
  }
  env[CHILD_ENV.config] = context.configFile;
  applyAssignment({ env: nodeRunEnv(task, context) }, env);
  return { file: process.execPath, args: [childEntryPath()], cwd: context.cwd, env };
}
