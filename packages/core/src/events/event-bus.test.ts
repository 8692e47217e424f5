import { describe, expect, it } from 'vitest';
import { Task } from '../task/task.js';
import { EventBus } from './event-bus.js';
import { TaskSkipped, TaskStarting } from './task-events.js';

const task = new Task({ id: 't', kind: 'command', command: 'true', expression: '* * * * *', timezone: 'UTC' });

describe('EventBus', () => {
  it('delivers events to listeners of their class only, in subscription order', () => {
    const bus = new EventBus();
    const seen: string[] = [];
    bus.on(TaskStarting, (event) => seen.push(`a:${event.runId}`));
    bus.on(TaskStarting, (event) => seen.push(`b:${event.runId}`));
    bus.on(TaskSkipped, (event) => seen.push(`skip:${event.reason}`));
    bus.emit(new TaskStarting(task, 'r1', new Date(), 'schedule'));
    bus.emit(new TaskSkipped(task, new Date(), 'overlapping', 'still running'));
    expect(seen).toEqual(['a:r1', 'b:r1', 'skip:overlapping']);
  });

  it('unsubscribes and supports once', () => {
    const bus = new EventBus();
    let count = 0;
    const off = bus.on(TaskStarting, () => count++);
    bus.once(TaskStarting, () => (count += 10));
    bus.emit(new TaskStarting(task, 'r1', new Date(), 'schedule'));
    off();
    bus.emit(new TaskStarting(task, 'r2', new Date(), 'schedule'));
    expect(count).toBe(11);
    expect(bus.listenerCount(TaskStarting)).toBe(0);
  });

  it('runs every listener and then reports the ones that threw', () => {
    const bus = new EventBus();
    let reached = false;
    bus.on(TaskStarting, () => {
      throw new Error('boom');
    });
    bus.on(TaskStarting, () => {
      reached = true;
    });
    expect(() => bus.emit(new TaskStarting(task, 'r1', new Date(), 'schedule'))).toThrow(AggregateError);
    expect(reached).toBe(true);
  });

  it('delivers to a listener registered with another copy of the same event class', () => {
    const bus = new EventBus();
    // A second module copy defines a distinct class object with the same name.
    const OtherCopy = { TaskStarting: class TaskStarting {} }.TaskStarting;
    const seen: string[] = [];
    bus.on(OtherCopy, () => seen.push('copy'));
    bus.emit(new TaskStarting(task, 'r1', new Date(), 'schedule'));
    expect(seen).toEqual(['copy']);
  });
});
