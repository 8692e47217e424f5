import type { Task } from '@monkeyslegion/scheduler-core';
import { COMMAND_RUN_VARIABLES, withoutVariables } from './child-environment.js';
import type { ProcessSpec } from './process-spec.js';
import { WARM_CONTROL_FD, WARM_READY, WARM_STARTED } from './warm-protocol.js';

/** The line that ends a warm shell's script on its stdin. A command containing it runs cold. */
export const WARM_SHELL_END = '__LEGION_WARM_SHELL_END_5f0c2a9e__';

// Builtins only, so a waiting shell costs no fork. It says it is ready, then reads its assignment: one
// line of `export`/`unset` for the run's variables (generated and quoted by `shellAssignment`, never
// user text), the command's lines, and the end line. It confirms, and execs `/bin/sh -c <command>`: the
// same argv, environment, descriptors (stdin /dev/null, no control channel) and pid a cold run gets.
const SCRIPT = [
  `printf '%s\\n' ${WARM_READY} >&${WARM_CONTROL_FD}`,
  'IFS= read -r __legion_env || exit 70',
  '__legion_command=',
  '__legion_separator=',
  'while IFS= read -r __legion_line; do',
  `  if [ "$__legion_line" = ${WARM_SHELL_END} ]; then`,
  '    eval "$__legion_env"',
  `    printf '%s\\n' ${WARM_STARTED} >&${WARM_CONTROL_FD}`,
  `    exec /bin/sh -c "$__legion_command" ${WARM_CONTROL_FD}>&- 0</dev/null`,
  '  fi',
  '  __legion_command="$__legion_command$__legion_separator$__legion_line"',
  "  __legion_separator='",
  "'",
  'done',
  'exit 70',
].join('\n');

/**
 * The spec of a warm shell: `/bin/sh` waiting for one assignment, in the config's folder, with the
 * scheduler's environment minus every per-run variable.
 */
export function warmShellSpec(context: { cwd: string; env?: NodeJS.ProcessEnv }): ProcessSpec {
  return { file: '/bin/sh', args: ['-c', SCRIPT, '/bin/sh'], cwd: context.cwd, env: withoutVariables({ ...process.env, ...context.env }, COMMAND_RUN_VARIABLES) };
}

/**
 * `true` when a warm shell runs `command` exactly as `/bin/sh -c command` would: no NUL byte (a cold
 * spawn refuses it) and no end line in it.
 */
export function fitsWarmShell(command: string): boolean {
  return !command.includes('\0') && !command.includes(WARM_SHELL_END);
}

/** `true` for a task a warm shell can run: a string command that `fitsWarmShell`. */
export function runsInWarmShell(task: Pick<Task, 'kind' | 'command'>): boolean {
  return task.kind === 'command' && typeof task.command === 'string' && fitsWarmShell(task.command);
}

/**
 * What a warm shell reads for one run: a line exporting the per-run variables (`null`: unset), the
 * command, and the end line; `null` when a variable cannot travel on one line (the run spawns cold).
 */
export function shellAssignment(command: string, env: Readonly<Record<string, string | null>>): string | null {
  // The variables travel on one line: a value with a line break (or a NUL byte) goes to a cold spawn.
  if (Object.values(env).some((value) => value !== null && /[\n\0]/.test(value))) return null;
  const set = Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== null);
  const unset = Object.entries(env).filter(([, value]) => value === null).map(([name]) => name);
  const line = [set.length > 0 ? `export ${set.map(([name, value]) => `${name}=${quoteForShell(value)}`).join(' ')}` : '', unset.length > 0 ? `unset ${unset.join(' ')}` : ''].filter(Boolean).join('; ');
  return `${line || ':'}\n${command}\n${WARM_SHELL_END}\n`;
}

function quoteForShell(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
