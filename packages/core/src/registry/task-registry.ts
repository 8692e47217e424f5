import { DuplicateTaskError } from '../errors/duplicate-task-error.js';
import { UnknownTaskError } from '../errors/unknown-task-error.js';
import type { Task } from '../task/task.js';
import { closestMatch } from './closest-match.js';
import { TaskCollection } from './task-collection.js';

/**
 * The runtime map of every registered task (Laravel's ScheduleManager): add, look up by id,
 * filter by tag, and ask what is due at an instant.
 */
export class TaskRegistry {
  private readonly tasks = new Map<string, Task>();

  /** Registers `task`; a second task with the same id is a `DuplicateTaskError`. */
  add(task: Task): void {
    const existing = this.tasks.get(task.id);
    if (existing) throw new DuplicateTaskError(task.id, existing.source ?? undefined, task.source ?? undefined);
    this.tasks.set(task.id, task);
  }

  /** Registers several tasks; nothing is added when any of them is a duplicate. */
  addAll(tasks: Iterable<Task>): void {
    const batch = [...tasks];
    const seen = new Map<string, Task>();
    for (const task of batch) {
      const existing = this.tasks.get(task.id) ?? seen.get(task.id);
      if (existing) throw new DuplicateTaskError(task.id, existing.source ?? undefined, task.source ?? undefined);
      seen.set(task.id, task);
    }
    for (const task of batch) this.tasks.set(task.id, task);
  }

  /** The task with `id`; an `UnknownTaskError` (with a "did you mean") when there is none. */
  get(id: string): Task {
    const task = this.tasks.get(id);
    if (!task) throw new UnknownTaskError(id, closestMatch(id, this.tasks.keys()));
    return task;
  }

  /** The task with `id`, or `undefined`. */
  find(id: string): Task | undefined {
    return this.tasks.get(id);
  }

  /** `true` when a task with `id` is registered. */
  has(id: string): boolean {
    return this.tasks.has(id);
  }

  /** Number of registered tasks. */
  get size(): number {
    return this.tasks.size;
  }

  /** Every task, in registration order. */
  all(): TaskCollection {
    return new TaskCollection(this.tasks.values());
  }

  /** Tasks carrying `tag`. */
  byTag(tag: string): TaskCollection {
    return this.all().withTags([tag]);
  }

  /** Tasks with a slot at `instant`. */
  dueAt(instant: Date): TaskCollection {
    return this.all().dueAt(instant);
  }
}
