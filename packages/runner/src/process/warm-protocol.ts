import { NODE_RUN_VARIABLES } from './child-environment.js';

/**
 * The one message a warm child receives, as a JSON line on its stdin: the `LEGION_*` variables its cold
 * twin would have been spawned with (`null`: unset). Applying them makes the warm child's environment,
 * and so the rest of its run, exactly the cold child's.
 */
export interface WarmAssignment {
  /** `LEGION_TASK_ID`, `LEGION_RUN_ID`, `LEGION_SCHEDULED_AT`, `LEGION_PAYLOAD`, `LEGION_TASK_MODULE` … */
  readonly env: Readonly<Record<string, string | null>>;
}

/** File descriptor of a warm child's control channel (child → parent), after stdin, stdout, stderr. */
export const WARM_CONTROL_FD = 3;
/** What a warm child writes on its control channel once its config is booted. */
export const WARM_READY = 'ready';
/** What a warm child writes once it applied its assignment, right before it runs the task. */
export const WARM_STARTED = 'started';
/** Longest assignment line accepted (payloads are capped far below this by the drivers). */
export const MAX_ASSIGNMENT_BYTES = 1024 * 1024;

/** The stdin text that hands `assignment` to a warm Node child: one JSON line. */
export function nodeAssignment(assignment: WarmAssignment): string {
  return `${JSON.stringify(assignment)}\n`;
}

/** Parses an assignment line; a clear error for anything that is not one. */
export function parseAssignment(line: string): WarmAssignment {
  const value: unknown = JSON.parse(line);
  const env = (value as { env?: unknown } | null)?.env;
  if (env === null || typeof env !== 'object' || Array.isArray(env)) throw new Error('legion warm child: the assignment has no env object');
  const entries = Object.entries(env as Record<string, unknown>);
  for (const [name, entry] of entries) {
    if (!NODE_RUN_VARIABLES.includes(name)) throw new Error(`legion warm child: the assignment sets ${JSON.stringify(name)}, which is not a per-run variable`);
    if (entry !== null && typeof entry !== 'string') throw new Error(`legion warm child: the assignment's ${name} is not a string`);
  }
  return { env: Object.fromEntries(entries) as Record<string, string | null> };
}

/** Sets (or, for `null`, removes) the assignment's variables in `target`. */
export function applyAssignment(assignment: WarmAssignment, target: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(assignment.env)) {
    if (value === null) delete target[name];
    else target[name] = value;
  }
}
