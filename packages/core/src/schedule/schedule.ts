import { InvalidTaskError } from '../errors/invalid-task-error.js';
import { quote } from '../errors/scheduler-error.js';
import type { TaskClass, TaskClosure } from '../task/task-context.js';
import type { Task } from '../task/task.js';
import { TaskBuilder, type TaskBuilderDefaults } from './task-builder.js';

/**
 * The fluent registration API handed to the config's `schedule()` callback.
 * Builders are collected while the callback runs and turned into immutable tasks afterwards.
 *
 * @example
 * schedule.call(async (ctx) => ping()).everyFiveSeconds().name('heartbeat');
 */
export class Schedule {
  private readonly pending: TaskBuilder[] = [];

  constructor(private readonly defaults: TaskBuilderDefaults) {}

  /** Schedules a closure; it needs `.name(id)` because the child process finds it again by id. */
  call(closure: TaskClosure): TaskBuilder {
    if (typeof closure !== 'function') throw new InvalidTaskError(`Schedule.call: ${quote(closure)} is not a function`, { value: closure });
    return this.track(new TaskBuilder({ kind: 'closure', closure }, this.defaults));
  }

  /** Schedules a command: a string runs through `/bin/sh -c`, an array runs directly (no shell). */
  command(command: string | readonly string[]): TaskBuilder {
    const valid =
      (typeof command === 'string' && command.trim() !== '') ||
      (Array.isArray(command) && command.length > 0 && command.every((part) => typeof part === 'string'));
    if (!valid) throw new InvalidTaskError(`Schedule.command: ${quote(command)} must be a command line or a non-empty array of strings`, { value: command });
    return this.track(new TaskBuilder({ kind: 'command', command }, this.defaults));
  }

  /** Schedules a class resolved through the container; its `method` (default `handle`) is called. */
  job(taskClass: TaskClass, method = 'handle'): TaskBuilder {
    if (typeof taskClass !== 'function') throw new InvalidTaskError(`Schedule.job: ${quote(taskClass)} is not a class`, { value: taskClass });
    if (typeof (taskClass.prototype as Record<string, unknown>)[method] !== 'function') {
      throw new InvalidTaskError(`Schedule.job: class ${quote(taskClass.name)} has no method ${quote(method)}`, { value: method });
    }
    return this.track(new TaskBuilder({ kind: 'class', class: taskClass, method }, this.defaults));
  }

  /** Turns every builder created so far into a `Task` (registration-time validation happens here). */
  build(source: string | null = null): Task[] {
    return this.pending.map((builder) => builder.toTask(source));
  }

  private track(builder: TaskBuilder): TaskBuilder {
    this.pending.push(builder);
    return builder;
  }
}
