import { Task } from '@monkeyslegion/scheduler-core';
import { describe, expect, it } from 'vitest';
import { selectDueMinuteSlots, selectDueSecondSlots } from './select-due-slots.js';

const task = (id: string, expression: string) => new Task({ id, kind: 'command', command: 'true', expression, timezone: 'UTC' });

describe('selectDueMinuteSlots', () => {
  const tasks = [task('minute', '* * * * *'), task('hourly', '0 * * * *'), task('nightly', '0 2 * * *'), task('seconds', '*/5 * * * * *')];

  it('selects the tasks due in the current minute, whatever the second within it', () => {
    const now = Date.parse('2026-03-01T10:00:42.500Z');
    const due = selectDueMinuteSlots(tasks, now, 0);
    expect(due.map((entry) => `${entry.task.id}@${entry.slot.toISOString()}`)).toEqual([
      'minute@2026-03-01T10:00:00.000Z',
      'hourly@2026-03-01T10:00:00.000Z',
    ]);
  });

  it('still selects a slot the heartbeat was late for, within the grace window', () => {
    const now = Date.parse('2026-03-01T10:01:20.000Z');
    const ids = selectDueMinuteSlots(tasks, now, 90_000).map((entry) => `${entry.task.id}@${entry.slot.toISOString()}`);
    expect(ids).toEqual(['minute@2026-03-01T10:01:00.000Z', 'hourly@2026-03-01T10:00:00.000Z']);
    expect(selectDueMinuteSlots(tasks, now, 60_000).map((entry) => entry.task.id)).toEqual(['minute']);
  });
});

describe('selectDueSecondSlots', () => {
  it('selects sub-minute tasks due at a whole second', () => {
    const tasks = [task('five', '*/5 * * * * *'), task('every', '* * * * * *')];
    expect(selectDueSecondSlots(tasks, Date.parse('2026-03-01T10:00:05Z')).map((entry) => entry.task.id)).toEqual(['five', 'every']);
    expect(selectDueSecondSlots(tasks, Date.parse('2026-03-01T10:00:06Z')).map((entry) => entry.task.id)).toEqual(['every']);
  });
});
