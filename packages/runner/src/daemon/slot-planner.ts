import type { Task } from '@monkeyslegion/scheduler-core';
import type { DueSlot } from '../heartbeat/select-due-slots.js';
import { MinHeap } from './min-heap.js';

/** Slots of one task that were older than the grace window when a pulse found them. */
export interface MissedSlots {
  /** The task. */
  task: Task;
  /** How many slots were missed. */
  count: number;
  /** The first missed slot. */
  first: Date;
  /** The last missed slot. */
  last: Date;
  /** `false` when so many slots were missed that `count` was estimated from the task's interval. */
  exact: boolean;
}

/** What one pulse must do. */
export interface PulsePlan {
  /** Slots to run now (each exactly once, in time order). */
  due: DueSlot[];
  /** Slots too old to run, per task, to be recorded as skipped with reason `missed`. */
  missed: MissedSlots[];
  /** Milliseconds the clock stepped backwards since the previous pulse (0 when it did not). */
  clockSteppedBackMs: number;
}

interface Entry {
  task: Task;
  next: number;
}

// Beyond this many missed slots of one task in one pulse, skip ahead by computing from the window start.
const MAX_MISSED_WALK = 1000;

/**
 * Keeps every task's next slot in a priority queue, so a pulse costs O(1) when nothing is due and
 * O(k log n) for k due slots — never a re-evaluation of every expression. Slots, not ticks: a pulse runs
 * every slot that became due since the previous one; slots older than the grace window are reported
 * missed instead of run in a burst. A clock stepping back never re-runs a slot (slots only move forward).
 */
export class SlotPlanner {
  private readonly queue = new MinHeap<Entry>((entry) => entry.next);
  private lastNow: number;

  constructor(tasks: Iterable<Task>, now: number, private readonly graceMs: number) {
    this.lastNow = now;
    // A daemon (re)started just after a slot still runs that one slot (the per-host claim stops it when a
    // previous process already did) — only the latest one, so a restart never bursts through the window.
    const after = new Date(now);
    for (const task of tasks) {
      const latest = task.previousRunAt(new Date(now + 1)).getTime();
      this.queue.push({ task, next: now - latest <= graceMs ? latest : task.nextRunAt(after).getTime() });
    }
  }

  /** Number of tasks planned. */
  get size(): number {
    return this.queue.size;
  }

  /** The earliest upcoming slot (ms since the epoch), or `undefined` with no tasks. */
  nextSlotAt(): number | undefined {
    return this.queue.peek()?.next;
  }

  /** Takes every slot due at `now`. */
  pulse(now: number): PulsePlan {
    const clockSteppedBackMs = now < this.lastNow ? this.lastNow - now : 0;
    this.lastNow = Math.max(this.lastNow, now);
    const due: DueSlot[] = [];
    const missed = new Map<Task, MissedSlots>();
    const oldestRunnable = now - this.graceMs;
    for (let top = this.queue.peek(); top !== undefined && top.next <= now; top = this.queue.peek()) {
      const entry = this.queue.pop()!;
      if (entry.next < oldestRunnable) {
        this.recordMissed(missed, entry, oldestRunnable);
      } else {
        due.push({ task: entry.task, slot: new Date(entry.next) });
        entry.next = entry.task.nextRunAt(new Date(entry.next)).getTime();
      }
      this.queue.push(entry);
    }
    return { due, missed: [...missed.values()], clockSteppedBackMs };
  }

  private recordMissed(missed: Map<Task, MissedSlots>, entry: Entry, oldestRunnable: number): void {
    const record = missed.get(entry.task) ?? { task: entry.task, count: 0, first: new Date(entry.next), last: new Date(entry.next), exact: true };
    let walked = 0;
    while (entry.next < oldestRunnable && walked < MAX_MISSED_WALK) {
      record.count++;
      record.last = new Date(entry.next);
      entry.next = entry.task.nextRunAt(new Date(entry.next)).getTime();
      walked++;
    }
    if (entry.next < oldestRunnable) {
      // Too many to walk one by one (an every-second task after a long sleep): count them roughly and jump.
      const resumed = entry.task.nextRunAt(new Date(oldestRunnable - 1)).getTime();
      record.last = entry.task.previousRunAt(new Date(oldestRunnable));
      record.count += estimateSlots(entry.task, entry.next, oldestRunnable);
      record.exact = false;
      entry.next = resumed;
    }
    missed.set(entry.task, record);
  }
}

function estimateSlots(task: Task, from: number, until: number): number {
  const second = task.nextRunAt(new Date(from)).getTime();
  const interval = Math.max(1000, second - from);
  return Math.max(1, Math.round((until - from) / interval));
}
