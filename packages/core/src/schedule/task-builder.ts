import path from 'node:path';
import { InvalidTaskError } from '../errors/invalid-task-error.js';
import { quote } from '../errors/scheduler-error.js';
import { FrequencyBuilder } from '../frequency/frequency-builder.js';
import type { TaskClass, TaskClosure } from '../task/task-context.js';
import type { BeforeHook, ResultHook } from '../task/task-hooks.js';
import { Task, type TaskDefinition, type TaskKind } from '../task/task.js';
import { parseDuration, type Duration } from '../time/parse-duration.js';
import { commandTaskId } from './command-task-id.js';

/** What a `TaskBuilder` runs. */
export type TaskBody =
  | { kind: 'command'; command: string | readonly string[] }
  | { kind: 'closure'; closure: TaskClosure }
  | { kind: 'class'; class: TaskClass; method: string; id?: string };

/** Settings inherited from the configuration. */
export interface TaskBuilderDefaults {
  /** Default timezone of the task. */
  timezone: string;
  /** Base directory for relative output paths. */
  baseDir: string;
}

/**
 * The fluent builder returned by `schedule.call()`, `schedule.command()` and `schedule.job()`:
 * every frequency method of `FrequencyBuilder` plus naming, locking, timeouts, hooks and output.
 *
 * @example
 * schedule.command('node scripts/backup.js').dailyAt('02:00').onOneServer().timeout('30m');
 */
export class TaskBuilder extends FrequencyBuilder {
  private taskId: string | undefined;
  private taskDescription: string | null = null;
  private readonly taskTags: string[] = [];
  private runsOnOneServer = false;
  private preventsOverlap = true;
  private overlapTtlMs: number | undefined;
  private timeoutMs: number | null = null;
  private readonly beforeHooks: BeforeHook[] = [];
  private readonly afterHooks: ResultHook[] = [];
  private readonly successHooks: ResultHook[] = [];
  private readonly failureHooks: ResultHook[] = [];
  private outputFile: { file: string; append: boolean } | null = null;

  constructor(
    private readonly body: TaskBody,
    private readonly defaults: TaskBuilderDefaults,
  ) {
    super();
  }

  /** Sets the task id (required for closures; they are found again by id in the child process). */
  name(id: string): this {
    if (typeof id !== 'string' || id.trim() === '') throw new InvalidTaskError(`Schedule.name: ${quote(id)} is not a valid task id`, { value: id });
    this.taskId = id;
    return this;
  }

  /** Sets a human-readable description shown by `schedule:list`. */
  description(text: string): this {
    this.taskDescription = text;
    return this;
  }

  /** Adds tags used by `--tag` filters. */
  tags(...tags: Array<string | string[]>): this {
    for (const tag of tags.flat()) {
      if (typeof tag !== 'string' || tag.trim() === '') throw new InvalidTaskError(`Schedule.tags: ${quote(tag)} is not a valid tag`, { value: tag });
      this.taskTags.push(tag);
    }
    return this;
  }

  /** Runs each slot on one server only across every scheduler sharing the lock provider. */
  onOneServer(): this {
    this.runsOnOneServer = true;
    return this;
  }

  /** Prevents overlapping runs (the default); `ttl` is the lock's time-to-live, renewed while running. */
  withoutOverlapping(ttl?: Duration): this {
    this.preventsOverlap = true;
    if (ttl !== undefined) this.overlapTtlMs = parseDuration(ttl, 'withoutOverlapping ttl');
    return this;
  }

  /** Allows a new run to start while the previous one is still running. */
  allowOverlapping(): this {
    this.preventsOverlap = false;
    return this;
  }

  /** Stops the run (SIGTERM, then SIGKILL after a grace period) when it takes longer than `duration`. */
  timeout(duration: Duration): this {
    this.timeoutMs = parseDuration(duration, 'timeout');
    return this;
  }

  /** Runs `hook` in the scheduler process before the child is spawned. */
  before(hook: BeforeHook): this {
    this.beforeHooks.push(assertHook('before', hook));
    return this;
  }

  /** Runs `hook` after every run, whatever its outcome. */
  after(hook: ResultHook): this {
    this.afterHooks.push(assertHook('after', hook));
    return this;
  }

  /** Runs `hook` after a run that exited with code 0. */
  onSuccess(hook: ResultHook): this {
    this.successHooks.push(assertHook('onSuccess', hook));
    return this;
  }

  /** Runs `hook` after a run that failed (non-zero exit, signal, timeout, interruption, spawn error). */
  onFailure(hook: ResultHook): this {
    this.failureHooks.push(assertHook('onFailure', hook));
    return this;
  }

  /** Writes each run's output to `file`, replacing the previous run's. */
  sendOutputTo(file: string): this {
    this.outputFile = { file: this.resolveOutput('sendOutputTo', file), append: false };
    return this;
  }

  /** Appends each run's output to `file`. */
  appendOutputTo(file: string): this {
    this.outputFile = { file: this.resolveOutput('appendOutputTo', file), append: true };
    return this;
  }

  /** Creates the immutable `Task`; throws an `InvalidTaskError` when the definition is incomplete. */
  toTask(source: string | null = null): Task {
    const { expression, timezone, filters } = this.frequencyState(this.defaults.timezone);
    const definition: TaskDefinition = {
      id: this.resolveId(),
      kind: this.body.kind as TaskKind,
      expression,
      timezone: timezone ?? this.defaults.timezone,
      description: this.taskDescription,
      tags: this.taskTags,
      source,
      onOneServer: this.runsOnOneServer,
      withoutOverlapping: this.preventsOverlap,
      overlapTtlMs: this.overlapTtlMs,
      timeoutMs: this.timeoutMs,
      filters,
      hooks: { before: this.beforeHooks, after: this.afterHooks, onSuccess: this.successHooks, onFailure: this.failureHooks },
      output: this.outputFile,
    };
    if (this.body.kind === 'command') definition.command = this.body.command;
    else if (this.body.kind === 'closure') definition.closure = this.body.closure;
    else definition.target = { class: this.body.class, method: this.body.method };
    return new Task(definition);
  }

  private resolveId(): string {
    if (this.taskId !== undefined) return this.taskId;
    switch (this.body.kind) {
      case 'command':
        return commandTaskId(this.body.command);
      case 'class':
        return this.body.id ?? (this.body.method === 'handle' ? this.body.class.name : `${this.body.class.name}.${this.body.method}`);
      case 'closure':
        throw new InvalidTaskError(
          `Schedule.call: closure ${quote(this.body.closure)} has no id; add .name('<id>') so its child process can find it again`,
          { value: this.body.closure.name || '[anonymous closure]' },
        );
    }
  }

  private resolveOutput(method: string, file: string): string {
    if (typeof file !== 'string' || file.trim() === '' || file.includes('\0')) {
      throw new InvalidTaskError(`Schedule.${method}: ${quote(file)} is not a valid file path`, { value: file });
    }
    return path.resolve(this.defaults.baseDir, file);
  }
}

function assertHook<T>(method: string, hook: T): T {
  if (typeof hook !== 'function') throw new InvalidTaskError(`Schedule.${method}: ${quote(hook)} is not a function`, { value: hook });
  return hook;
}
