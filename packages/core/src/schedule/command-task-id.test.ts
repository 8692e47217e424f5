import { describe, expect, it } from 'vitest';
import { commandTaskId } from './command-task-id.js';

describe('commandTaskId', () => {
  it('slugs a short command line', () => {
    expect(commandTaskId('node scripts/backup.js --full')).toBe('node-scripts-backup-js-full');
    expect(commandTaskId(['bin/report', 'Daily'])).toBe('bin-report-daily');
  });

  it('keeps long commands distinct with a hash suffix', () => {
    const a = commandTaskId(`node ${'x'.repeat(80)} --a`);
    const b = commandTaskId(`node ${'x'.repeat(80)} --b`);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^node-x+-[0-9a-f]{8}$/);
    expect(a.length).toBeLessThanOrEqual(69);
  });

  it('gives a symbol-only command a hashed id', () => {
    expect(commandTaskId('|| &&')).toMatch(/^command-[0-9a-f]{8}$/);
  });
});
