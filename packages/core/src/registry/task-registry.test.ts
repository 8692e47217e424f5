import { describe, expect, it } from 'vitest';
import { DuplicateTaskError } from '../errors/duplicate-task-error.js';
import { UnknownTaskError } from '../errors/unknown-task-error.js';
import { Task } from '../task/task.js';
import { TaskRegistry } from './task-registry.js';

const command = (id: string, expression: string, tags: string[] = []) =>
  new Task({ id, kind: 'command', command: `echo ${id}`, expression, timezone: 'UTC', tags });

describe('TaskRegistry', () => {
  it('adds tasks and finds them by id', () => {
    const registry = new TaskRegistry();
    registry.add(command('backup', '0 2 * * *'));
    expect(registry.get('backup').expression).toBe('0 2 * * *');
    expect(registry.has('backup')).toBe(true);
    expect(registry.find('nope')).toBeUndefined();
    expect(registry.size).toBe(1);
  });

  it('rejects a duplicate id with DuplicateTaskError naming the id', () => {
    const registry = new TaskRegistry();
    registry.add(command('backup', '0 2 * * *'));
    expect(() => registry.add(command('backup', '0 3 * * *'))).toThrow(DuplicateTaskError);
    expect(() => registry.add(command('backup', '0 3 * * *'))).toThrow('TaskRegistry: task id "backup" is already registered');
  });

  it('adds nothing from a batch that contains a duplicate', () => {
    const registry = new TaskRegistry();
    expect(() => registry.addAll([command('a', '* * * * *'), command('b', '* * * * *'), command('a', '0 * * * *')])).toThrow(DuplicateTaskError);
    expect(registry.size).toBe(0);
  });

  it('suggests the closest id for an unknown one', () => {
    const registry = new TaskRegistry();
    registry.add(command('send-reports', '0 8 * * *'));
    expect(() => registry.get('send-report')).toThrow(UnknownTaskError);
    expect(() => registry.get('send-report')).toThrow('TaskRegistry: no task with id "send-report" (did you mean "send-reports"?)');
    expect(() => registry.get('zzz')).toThrow('TaskRegistry: no task with id "zzz"');
  });

  it('filters by tag and by due instant', () => {
    const registry = new TaskRegistry();
    registry.add(command('every-minute', '* * * * *', ['ops']));
    registry.add(command('hourly', '0 * * * *', ['ops', 'billing']));
    registry.add(command('nightly', '0 2 * * *'));
    expect(registry.byTag('ops').ids()).toEqual(['every-minute', 'hourly']);
    expect(registry.all().withTags(['ops', 'billing']).ids()).toEqual(['hourly']);
    expect(registry.dueAt(new Date('2026-05-01T10:00:30Z')).ids()).toEqual(['every-minute', 'hourly']);
    expect(registry.dueAt(new Date('2026-05-01T02:00:00Z')).ids()).toEqual(['every-minute', 'hourly', 'nightly']);
    expect(registry.dueAt(new Date('2026-05-01T10:01:00Z')).ids()).toEqual(['every-minute']);
  });

  it('orders a collection by next run', () => {
    const registry = new TaskRegistry();
    registry.add(command('nightly', '0 2 * * *'));
    registry.add(command('hourly', '0 * * * *'));
    registry.add(command('every-minute', '* * * * *'));
    expect(registry.all().sortedByNextRun(new Date('2026-05-01T10:00:30Z')).ids()).toEqual(['every-minute', 'hourly', 'nightly']);
  });
});
