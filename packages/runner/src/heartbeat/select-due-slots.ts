import type { Task } from '@monkeyslegion/scheduler-core';

/** A task and the slot it should run for. */
export interface DueSlot {
  /** The task. */
  task: Task;
  /** The slot instant. */
  slot: Date;
}

const MINUTE = 60_000;

/**
 * The minute-resolution slots a heartbeat at `now` should run: each task's latest slot at or before
 * `now`, when it is at most `graceMs` old. A heartbeat started late by cron still runs the slot it was
 * late for; the per-host claim keeps a second heartbeat from running it again.
 */
export function selectDueMinuteSlots(tasks: Iterable<Task>, now: number, graceMs: number): DueSlot[] {
  const minute = Math.floor(now / MINUTE) * MINUTE;
  const due: DueSlot[] = [];
  for (const task of tasks) {
    if (task.hasSeconds) continue;
    const current = new Date(minute);
    const slot = task.isDue(current) ? current : task.previousRunAt(current);
    if (now - slot.getTime() <= Math.max(graceMs, now - minute)) due.push({ task, slot });
  }
  return due;
}

/** The sub-minute tasks due at the whole second `second` (ms since the epoch). */
export function selectDueSecondSlots(tasks: readonly Task[], second: number): DueSlot[] {
  const at = new Date(second);
  return tasks.filter((task) => task.isDue(at)).map((task) => ({ task, slot: at }));
}
