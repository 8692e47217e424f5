import { Task } from '@monkeyslegion/scheduler-core';
import { describe, expect, it } from 'vitest';
import { SlotPlanner } from './slot-planner.js';

const task = (id: string, expression: string) => new Task({ id, kind: 'command', command: 'true', expression, timezone: 'UTC' });
const at = (iso: string) => Date.parse(iso);
const slots = (plan: ReturnType<SlotPlanner['pulse']>) => plan.due.map((entry) => `${entry.task.id}@${entry.slot.toISOString().slice(11, 19)}`);

describe('SlotPlanner', () => {
  it('runs each slot once, on the pulse that reaches it', () => {
    const planner = new SlotPlanner([task('sec', '* * * * * *'), task('min', '* * * * *')], at('2026-01-01T10:00:00.500Z'), 100);
    expect(slots(planner.pulse(at('2026-01-01T10:00:00.600Z')))).toEqual([]);
    expect(slots(planner.pulse(at('2026-01-01T10:00:01.000Z')))).toEqual(['sec@10:00:01']);
    expect(slots(planner.pulse(at('2026-01-01T10:00:01.400Z')))).toEqual([]);
    expect(slots(planner.pulse(at('2026-01-01T10:00:02.002Z')))).toEqual(['sec@10:00:02']);
    const minute = planner.pulse(at('2026-01-01T10:01:00.002Z'));
    expect(slots(minute).sort()).toEqual(['min@10:01:00', 'sec@10:01:00']);
    expect(minute.missed.map((entry) => [entry.task.id, entry.count])).toEqual([['sec', 57]]);
  });

  it('still runs slots a late pulse missed within the grace window, each once', () => {
    const planner = new SlotPlanner([task('five', '*/5 * * * * *')], at('2026-01-01T10:00:00.100Z'), 60_000);
    planner.pulse(at('2026-01-01T10:00:00.200Z'));
    expect(slots(planner.pulse(at('2026-01-01T10:00:12.000Z')))).toEqual(['five@10:00:05', 'five@10:00:10']);
    expect(slots(planner.pulse(at('2026-01-01T10:00:12.500Z')))).toEqual([]);
  });

  it('reports slots older than the grace window as missed instead of bursting', () => {
    const planner = new SlotPlanner([task('min', '* * * * *')], at('2026-01-01T10:00:30Z'), 60_000);
    const plan = planner.pulse(at('2026-01-01T11:00:30Z'));
    expect(slots(plan)).toEqual(['min@11:00:00']);
    expect(plan.missed).toHaveLength(1);
    expect(plan.missed[0]).toMatchObject({ count: 60, exact: true });
    expect(plan.missed[0]!.first.toISOString()).toBe('2026-01-01T10:00:00.000Z');
    expect(plan.missed[0]!.last.toISOString()).toBe('2026-01-01T10:59:00.000Z');
  });

  it('estimates a huge number of missed sub-second slots without walking them all', () => {
    const planner = new SlotPlanner([task('sec', '* * * * * *')], at('2026-01-01T10:00:00Z'), 10_000);
    const plan = planner.pulse(at('2026-01-02T10:00:00Z'));
    expect(plan.missed[0]!.exact).toBe(false);
    expect(plan.missed[0]!.count).toBeGreaterThan(86_000);
    expect(plan.due).toHaveLength(11);
  });

  it('never re-runs a slot when the clock steps back, and reports the step', () => {
    const planner = new SlotPlanner([task('sec', '* * * * * *')], at('2026-01-01T10:00:00.500Z'), 60_000);
    expect(slots(planner.pulse(at('2026-01-01T10:00:03.000Z')))).toEqual(['sec@10:00:00', 'sec@10:00:01', 'sec@10:00:02', 'sec@10:00:03']);
    const back = planner.pulse(at('2026-01-01T10:00:01.000Z'));
    expect(back.due).toEqual([]);
    expect(back.clockSteppedBackMs).toBe(2000);
    expect(slots(planner.pulse(at('2026-01-01T10:00:03.500Z')))).toEqual([]);
    expect(slots(planner.pulse(at('2026-01-01T10:00:04.000Z')))).toEqual(['sec@10:00:04']);
  });

  it('runs a slot from just before a (re)start within the grace window', () => {
    const planner = new SlotPlanner([task('min', '* * * * *')], at('2026-01-01T10:00:20Z'), 60_000);
    expect(slots(planner.pulse(at('2026-01-01T10:00:20Z')))).toEqual(['min@10:00:00']);
  });

  it('answers the next slot in constant time', () => {
    const planner = new SlotPlanner([task('a', '0 * * * *'), task('b', '*/10 * * * *')], at('2026-01-01T10:01:00Z'), 0);
    expect(new Date(planner.nextSlotAt()!).toISOString()).toBe('2026-01-01T10:10:00.000Z');
    expect(planner.size).toBe(2);
  });
});
