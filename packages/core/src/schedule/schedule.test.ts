import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidTaskError } from '../errors/invalid-task-error.js';
import { Schedule } from './schedule.js';

const newSchedule = () => new Schedule({ timezone: 'Europe/Paris', baseDir: '/srv/app' });

class SyncInvoices {
  handle(): void {}
  nightly(): void {}
}

describe('Schedule', () => {
  it('registers a command with a deterministic readable id', () => {
    const schedule = newSchedule();
    schedule.command('node scripts/backup.js').dailyAt('02:00');
    schedule.command(['php', 'artisan', 'inspire']).hourly();
    const [backup, inspire] = schedule.build();
    expect(backup!.id).toBe('node-scripts-backup-js');
    expect(backup!.kind).toBe('command');
    expect(backup!.command).toBe('node scripts/backup.js');
    expect(backup!.expression).toBe('0 2 * * *');
    expect(backup!.timezone).toBe('Europe/Paris');
    expect(inspire!.id).toBe('php-artisan-inspire');
    expect(inspire!.command).toEqual(['php', 'artisan', 'inspire']);
  });

  it('requires a name for a closure, with a clear registration error', () => {
    const schedule = newSchedule();
    schedule.call(async function ping() {}).everyMinute();
    expect(() => schedule.build()).toThrow(InvalidTaskError);
    expect(() => schedule.build()).toThrow(`Schedule.call: closure "[function ping]" has no id; add .name('<id>')`);
  });

  it('registers a named closure and a class job', () => {
    const schedule = newSchedule();
    schedule.call(() => 'ok').everyFiveSeconds().name('heartbeat');
    schedule.job(SyncInvoices).hourly();
    schedule.job(SyncInvoices, 'nightly').daily();
    const [heartbeat, sync, nightly] = schedule.build();
    expect(heartbeat!.id).toBe('heartbeat');
    expect(heartbeat!.expression).toBe('*/5 * * * * *');
    expect(sync!.id).toBe('SyncInvoices');
    expect(sync!.target).toEqual({ class: SyncInvoices, method: 'handle', module: null });
    expect(nightly!.id).toBe('SyncInvoices.nightly');
  });

  it('rejects a job whose class lacks the method', () => {
    expect(() => newSchedule().job(SyncInvoices, 'missing')).toThrow('Schedule.job: class "SyncInvoices" has no method "missing"');
  });

  it('rejects an empty command', () => {
    expect(() => newSchedule().command('  ')).toThrow(InvalidTaskError);
    expect(() => newSchedule().command([] as string[])).toThrow('Schedule.command: "[]" must be a command line or a non-empty array of strings');
  });

  it('carries names, tags, locking, timeouts, hooks and output settings onto the task', () => {
    const schedule = newSchedule();
    const before = () => undefined;
    const after = () => undefined;
    const success = () => undefined;
    const failure = () => undefined;
    schedule
      .command('node report.js')
      .name('report')
      .description('Daily report')
      .tags('reports', ['mail'])
      .onOneServer()
      .withoutOverlapping('10m')
      .timeout('90s')
      .before(before)
      .after(after)
      .onSuccess(success)
      .onFailure(failure)
      .appendOutputTo('logs/report.log')
      .weekdays()
      .at('08:30');
    const [task] = schedule.build('/srv/app/scheduler.config.ts');
    expect(task).toMatchObject({
      id: 'report',
      description: 'Daily report',
      tags: ['reports', 'mail'],
      onOneServer: true,
      withoutOverlapping: true,
      overlapTtlMs: 600_000,
      timeoutMs: 90_000,
      expression: '30 8 * * 1-5',
      source: '/srv/app/scheduler.config.ts',
      output: { file: path.resolve('/srv/app', 'logs/report.log'), append: true },
    });
    expect(task!.hooks.before).toEqual([before]);
    expect(task!.hooks.after).toEqual([after]);
    expect(task!.hooks.onSuccess).toEqual([success]);
    expect(task!.hooks.onFailure).toEqual([failure]);
  });

  it('lets allowOverlapping opt out of the default lock', () => {
    const schedule = newSchedule();
    schedule.command('a').allowOverlapping();
    schedule.command('b');
    const [a, b] = schedule.build();
    expect(a!.withoutOverlapping).toBe(false);
    expect(b!.withoutOverlapping).toBe(true);
  });

  it('rejects bad durations, hooks and output paths naming the value', () => {
    expect(() => newSchedule().command('a').timeout('soon')).toThrow('Duration: timeout "soon" is not a positive duration');
    expect(() => newSchedule().command('a').withoutOverlapping(-1)).toThrow('Duration: withoutOverlapping ttl "-1"');
    expect(() => newSchedule().command('a').onFailure('alert' as never)).toThrow('Schedule.onFailure: "alert" is not a function');
    expect(() => newSchedule().command('a').sendOutputTo('')).toThrow('Schedule.sendOutputTo: "" is not a valid file path');
    expect(() => newSchedule().command('a').name('  ')).toThrow('Schedule.name: "  " is not a valid task id');
    expect(() => newSchedule().command('a').tags('')).toThrow('Schedule.tags: "" is not a valid tag');
  });

  it('evaluates between() windows in the default timezone of the configuration', async () => {
    const schedule = newSchedule();
    schedule.command('a').everyMinute().between('09:00', '17:00');
    const [task] = schedule.build();
    expect(task!.timezone).toBe('Europe/Paris');
    // 08:30 UTC is 09:30 in Paris (CET+1 in winter): inside the window; 16:30 UTC is 17:30 in Paris: outside.
    expect(await task!.filters[0]!.passes({ at: new Date('2026-01-15T08:30:00Z'), environment: 'production' })).toBe(true);
    expect(await task!.filters[0]!.passes({ at: new Date('2026-01-15T16:30:00Z'), environment: 'production' })).toBe(false);
  });
});
