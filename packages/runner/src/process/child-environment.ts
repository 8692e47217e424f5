/** Environment variables a task child process receives. */
export const CHILD_ENV = {
  taskId: 'LEGION_TASK_ID',
  runId: 'LEGION_RUN_ID',
  scheduledAt: 'LEGION_SCHEDULED_AT',
  payload: 'LEGION_PAYLOAD',
  config: 'LEGION_CONFIG',
  module: 'LEGION_TASK_MODULE',
  exportName: 'LEGION_TASK_EXPORT',
  method: 'LEGION_TASK_METHOD',
} as const;

/** The variables a command run's child gets per run (`commandRunEnv`); a warm shell is spawned without them. */
export const COMMAND_RUN_VARIABLES: readonly string[] = [CHILD_ENV.taskId, CHILD_ENV.runId, CHILD_ENV.scheduledAt, CHILD_ENV.payload];

/** The variables a closure or class run's child gets per run (`nodeRunEnv`); a warm child is spawned without them. */
export const NODE_RUN_VARIABLES: readonly string[] = [...COMMAND_RUN_VARIABLES, CHILD_ENV.module, CHILD_ENV.exportName, CHILD_ENV.method];

/** A copy of `env` without `names`: the environment a warm child is spawned with. */
export function withoutVariables(env: NodeJS.ProcessEnv, names: readonly string[]): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of names) delete copy[name];
  return copy;
}

/** Parses a pushed payload without letting `__proto__`/`constructor` keys reach any prototype. */
export function parsePayload(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  return JSON.parse(text, (key, value: unknown) => (key === '__proto__' || key === 'constructor' || key === 'prototype' ? undefined : value));
}
