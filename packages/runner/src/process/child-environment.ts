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

/** Parses a pushed payload without letting `__proto__`/`constructor` keys reach any prototype. */
export function parsePayload(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  return JSON.parse(text, (key, value: unknown) => (key === '__proto__' || key === 'constructor' || key === 'prototype' ? undefined : value));
}
