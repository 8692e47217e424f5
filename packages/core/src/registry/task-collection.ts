import type { Task } from '../task/task.js';

/** An immutable, ordered set of tasks with the queries the CLI and runner need. */
export class TaskCollection implements Iterable<Task> {
  private readonly tasks: readonly Task[];

  constructor(tasks: Iterable<Task> = []) {
    this.tasks = Object.freeze([...tasks]);
  }

  /** Number of tasks. */
  get size(): number {
    return this.tasks.length;
  }

  [Symbol.iterator](): Iterator<Task> {
    return this.tasks[Symbol.iterator]();
  }

  /** The tasks as an array (a copy). */
  toArray(): Task[] {
    return [...this.tasks];
  }

  /** The task ids in order. */
  ids(): string[] {
    return this.tasks.map((task) => task.id);
  }

  /** Tasks for which `predicate` is true. */
  filter(predicate: (task: Task) => boolean): TaskCollection {
    return new TaskCollection(this.tasks.filter(predicate));
  }

  /** Tasks carrying every one of `tags` (no tags: all tasks). */
  withTags(tags: readonly string[]): TaskCollection {
    if (tags.length === 0) return this;
    return this.filter((task) => tags.every((tag) => task.tags.includes(tag)));
  }

  /** Tasks whose expression has a slot at `instant`. */
  dueAt(instant: Date): TaskCollection {
    return this.filter((task) => task.isDue(instant));
  }

  /** Tasks ordered by their next run after `from`, soonest first. */
  sortedByNextRun(from: Date = new Date()): TaskCollection {
    const keyed = this.tasks.map((task) => ({ task, next: task.nextRunAt(from).getTime() }));
    keyed.sort((a, b) => a.next - b.next || a.task.id.localeCompare(b.task.id));
    return new TaskCollection(keyed.map((entry) => entry.task));
  }
}
