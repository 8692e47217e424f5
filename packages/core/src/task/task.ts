import { CronExpression } from '../cron/cron-expression.js';
import { InvalidTaskError } from '../errors/invalid-task-error.js';
import { quote } from '../errors/scheduler-error.js';
import type { TaskClass, TaskClosure } from './task-context.js';
import type { TaskFilter } from './task-filter.js';
import type { TaskHooks } from './task-hooks.js';

/** How a task runs: a shell/argv command, a named closure, or a container-resolved class method. */
export type TaskKind = 'command' | 'closure' | 'class';

/** Where a task's output is written besides the logger. */
export interface TaskOutput {
  /** Absolute or config-relative file path. */
  readonly file: string;
  /** `true` appends (`appendOutputTo`), `false` truncates per run (`sendOutputTo`). */
  readonly append: boolean;
}

/** Where a discovered class lives, so a child process can import just that module. */
export interface TaskModule {
  /** Absolute module file. */
  readonly file: string;
  /** Export name of the class in that module. */
  readonly exportName: string;
}

/** The class and method a class task calls. */
export interface TaskTarget {
  /**
   * The class, resolved through the container; `null` for a task restored from a manifest, whose
   * class is imported from `module` only in the child process that runs it.
   */
  readonly class: TaskClass | null;
  /** The method to call. @default 'handle' */
  readonly method: string;
  /** Where the class lives, when known (discovered classes). */
  readonly module?: TaskModule | null;
}

/** Everything needed to create a `Task`; produced by the builder and by `@Scheduled` discovery. */
export interface TaskDefinition {
  id: string;
  kind: TaskKind;
  expression: string;
  timezone: string;
  description?: string | null;
  tags?: readonly string[];
  command?: string | readonly string[];
  closure?: TaskClosure;
  target?: TaskTarget;
  /** File the task was declared in (for manifests and error messages). */
  source?: string | null;
  onOneServer?: boolean;
  withoutOverlapping?: boolean;
  overlapTtlMs?: number;
  timeoutMs?: number | null;
  filters?: readonly TaskFilter[];
  hooks?: Partial<TaskHooks>;
  output?: TaskOutput | null;
}

/** Default time-to-live of a task's overlap lock; renewed while the run is alive. */
export const DEFAULT_OVERLAP_TTL_MS = 60 * 60 * 1000;

/** Longest accepted task id; ids become lock keys, file names (encoded) and log fields. */
export const MAX_TASK_ID_LENGTH = 255;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * A registered task: immutable once created.
 *
 * @example
 * const task = new Task({ id: 'backup', kind: 'command', command: 'node backup.js', expression: '0 2 * * *', timezone: 'UTC' });
 * task.nextRunAt(new Date('2026-01-01T00:00:00Z')); // 2026-01-01T02:00:00.000Z
 */
export class Task {
  readonly id: string;
  readonly kind: TaskKind;
  readonly expression: string;
  readonly timezone: string;
  readonly description: string | null;
  readonly tags: readonly string[];
  readonly command: string | readonly string[] | null;
  readonly closure: TaskClosure | null;
  readonly target: TaskTarget | null;
  readonly source: string | null;
  readonly onOneServer: boolean;
  readonly withoutOverlapping: boolean;
  readonly overlapTtlMs: number;
  readonly timeoutMs: number | null;
  readonly filters: readonly TaskFilter[];
  readonly hooks: TaskHooks;
  readonly output: TaskOutput | null;
  private readonly cron: CronExpression;

  constructor(definition: TaskDefinition) {
    assertValidId(definition.id);
    this.id = definition.id;
    this.kind = definition.kind;
    this.cron = CronExpression.parse(definition.expression, { timezone: definition.timezone });
    this.expression = this.cron.expression;
    this.timezone = this.cron.timezone;
    this.description = definition.description ?? null;
    this.tags = Object.freeze([...new Set(definition.tags ?? [])]);
    this.command = freezeCommand(definition.command);
    this.closure = definition.closure ?? null;
    this.target = definition.target
      ? Object.freeze({ ...definition.target, module: definition.target.module ? Object.freeze({ ...definition.target.module }) : null })
      : null;
    this.source = definition.source ?? null;
    this.onOneServer = definition.onOneServer ?? false;
    this.withoutOverlapping = definition.withoutOverlapping ?? true;
    this.overlapTtlMs = definition.overlapTtlMs ?? DEFAULT_OVERLAP_TTL_MS;
    this.timeoutMs = definition.timeoutMs ?? null;
    this.filters = Object.freeze([...(definition.filters ?? [])]);
    this.hooks = Object.freeze({
      before: Object.freeze([...(definition.hooks?.before ?? [])]),
      after: Object.freeze([...(definition.hooks?.after ?? [])]),
      onSuccess: Object.freeze([...(definition.hooks?.onSuccess ?? [])]),
      onFailure: Object.freeze([...(definition.hooks?.onFailure ?? [])]),
    });
    this.output = definition.output ? Object.freeze({ ...definition.output }) : null;
    this.assertBodyMatchesKind();
    Object.freeze(this);
  }

  /** `true` when the expression has a seconds field (sub-minute task). */
  get hasSeconds(): boolean {
    return this.cron.hasSeconds;
  }

  /** `true` when `date` (truncated to the expression's resolution) is one of the task's slots. */
  isDue(date: Date): boolean {
    return this.cron.isDue(date);
  }

  /** The first slot strictly after `from` (default: now). */
  nextRunAt(from: Date = new Date()): Date {
    return this.cron.nextRunAt(from);
  }

  /** The last slot strictly before `from` (default: now). */
  previousRunAt(from: Date = new Date()): Date {
    return this.cron.previousRunAt(from);
  }

  /** The parsed expression, for schedulers that keep their own next-run queue. */
  get cronExpression(): CronExpression {
    return this.cron;
  }

  private assertBodyMatchesKind(): void {
    const body = { command: this.command, closure: this.closure, class: this.target }[this.kind];
    if (body === undefined) {
      throw new InvalidTaskError(`Task: kind ${quote(this.kind)} of task ${quote(this.id)} is not one of command, closure, class`, {
        taskId: this.id,
        value: this.kind,
      });
    }
    if (body === null || (this.kind === 'class' && !this.target?.class && !this.target?.module)) {
      throw new InvalidTaskError(`Task: task ${quote(this.id)} of kind ${quote(this.kind)} has nothing to run`, { taskId: this.id });
    }
    if (this.overlapTtlMs <= 0 || !Number.isFinite(this.overlapTtlMs)) {
      throw new InvalidTaskError(`Task: overlap lock TTL ${quote(this.overlapTtlMs)} of task ${quote(this.id)} must be a positive duration`, {
        taskId: this.id,
        value: this.overlapTtlMs,
      });
    }
    if (this.timeoutMs !== null && (this.timeoutMs <= 0 || !Number.isFinite(this.timeoutMs))) {
      throw new InvalidTaskError(`Task: timeout ${quote(this.timeoutMs)} of task ${quote(this.id)} must be a positive duration`, {
        taskId: this.id,
        value: this.timeoutMs,
      });
    }
  }
}

function assertValidId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.trim() === '') {
    throw new InvalidTaskError(`Task: id ${quote(id)} must be a non-empty string`, { value: id });
  }
  if (id.length > MAX_TASK_ID_LENGTH) {
    throw new InvalidTaskError(`Task: id ${quote(id)} is ${id.length} characters long, the limit is ${MAX_TASK_ID_LENGTH}`, {
      value: id,
    });
  }
  if (CONTROL_CHARACTERS.test(id)) {
    throw new InvalidTaskError(`Task: id ${quote(id)} contains control characters`, { value: id });
  }
}

function freezeCommand(command: string | readonly string[] | undefined): string | readonly string[] | null {
  if (command === undefined) return null;
  if (typeof command === 'string') {
    if (command.trim() === '') throw new InvalidTaskError('Task: command "" is empty', { value: command });
    return command;
  }
  if (!Array.isArray(command) || command.length === 0 || command.some((part) => typeof part !== 'string')) {
    throw new InvalidTaskError(`Task: command ${quote(command)} must be a non-empty array of strings`, { value: command });
  }
  return Object.freeze([...command]);
}
