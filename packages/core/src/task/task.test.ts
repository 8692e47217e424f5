import { describe, expect, it } from 'vitest';
import { InvalidCronExpressionError } from '../errors/invalid-cron-expression-error.js';
import { InvalidTaskError } from '../errors/invalid-task-error.js';
import { InvalidTimezoneError } from '../errors/invalid-timezone-error.js';
import { DEFAULT_OVERLAP_TTL_MS, Task } from './task.js';

const base = { id: 'backup', kind: 'command' as const, command: 'node backup.js', expression: '0 2 * * *', timezone: 'UTC' };

describe('Task', () => {
  it('exposes its fields with safe defaults and is frozen', () => {
    const task = new Task(base);
    expect(task).toMatchObject({ id: 'backup', kind: 'command', expression: '0 2 * * *', timezone: 'UTC', onOneServer: false, withoutOverlapping: true });
    expect(task.overlapTtlMs).toBe(DEFAULT_OVERLAP_TTL_MS);
    expect(task.timeoutMs).toBeNull();
    expect(Object.isFrozen(task)).toBe(true);
    expect(() => {
      (task as { id: string }).id = 'changed';
    }).toThrow(TypeError);
    expect(Object.isFrozen(task.tags)).toBe(true);
  });

  it('computes next runs and due instants in its timezone', () => {
    const task = new Task({ ...base, timezone: 'America/New_York' });
    expect(task.nextRunAt(new Date('2026-06-01T00:00:00Z')).toISOString()).toBe('2026-06-01T06:00:00.000Z');
    expect(task.isDue(new Date('2026-06-01T06:00:42Z'))).toBe(true);
    expect(task.isDue(new Date('2026-06-01T02:00:00Z'))).toBe(false);
  });

  it('rejects an empty, too long or control-character id', () => {
    expect(() => new Task({ ...base, id: '' })).toThrow(InvalidTaskError);
    expect(() => new Task({ ...base, id: '' })).toThrow('Task: id "" must be a non-empty string');
    expect(() => new Task({ ...base, id: 'x'.repeat(300) })).toThrow('is 300 characters long, the limit is 255');
    expect(() => new Task({ ...base, id: 'a\nb' })).toThrow('Task: id "a b" contains control characters');
  });

  it('accepts ids with punctuation, spaces and unicode', () => {
    expect(new Task({ ...base, id: 'reports:*?[x] ../ é 日本' }).id).toBe('reports:*?[x] ../ é 日本');
  });

  it('rejects an invalid expression or timezone with typed errors', () => {
    expect(() => new Task({ ...base, expression: '61 * * * *' })).toThrow(InvalidCronExpressionError);
    expect(() => new Task({ ...base, timezone: 'Mars/Olympus' })).toThrow(InvalidTimezoneError);
    expect(() => new Task({ ...base, timezone: 'Mars/Olympus' })).toThrow('"Mars/Olympus"');
  });

  it('rejects a task with nothing to run or bad durations', () => {
    expect(() => new Task({ id: 'x', kind: 'closure', expression: '* * * * *', timezone: 'UTC' })).toThrow(
      'Task: task "x" of kind "closure" has nothing to run',
    );
    expect(() => new Task({ ...base, kind: 'shell' as never })).toThrow('Task: kind "shell" of task "backup" is not one of command, closure, class');
    expect(() => new Task({ ...base, command: '  ' })).toThrow('Task: command "" is empty');
    expect(() => new Task({ ...base, command: [] })).toThrow('must be a non-empty array of strings');
    expect(() => new Task({ ...base, timeoutMs: -5 })).toThrow('Task: timeout "-5" of task "backup" must be a positive duration');
    expect(() => new Task({ ...base, overlapTtlMs: 0 })).toThrow('Task: overlap lock TTL "0" of task "backup" must be a positive duration');
  });

  it('accepts a class task restored from a manifest with only its module, and rejects one with neither', () => {
    const restored = new Task({
      id: 'Sync',
      kind: 'class',
      expression: '0 * * * *',
      timezone: 'UTC',
      target: { class: null, method: 'handle', module: { file: '/srv/app/tasks/sync.ts', exportName: 'Sync' } },
    });
    expect(restored.target?.module?.exportName).toBe('Sync');
    expect(() => new Task({ id: 'Sync', kind: 'class', expression: '0 * * * *', timezone: 'UTC', target: { class: null, method: 'handle' } })).toThrow(
      'Task: task "Sync" of kind "class" has nothing to run',
    );
  });
});
