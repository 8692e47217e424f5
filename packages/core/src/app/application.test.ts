import { Token } from 'typedi';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { ConfigurationError } from '../errors/configuration-error.js';
import { DuplicateTaskError } from '../errors/duplicate-task-error.js';
import { Application } from './application.js';
import type { Plugin } from './plugin.js';
import { CONFIG, EVENT_BUS, LOGGER, TASK_REGISTRY } from './tokens.js';

const silent = pino({ level: 'silent' });
const GREETING = new Token<string>('test.greeting');

function recordingPlugin(name: string, log: string[], extra: Partial<Plugin> = {}): Plugin {
  return {
    name,
    onEnable: () => {
      log.push(`enable:${name}`);
    },
    onDisable: () => {
      log.push(`disable:${name}`);
    },
    ...extra,
  };
}

describe('Application', () => {
  it('enables plugins in order, registers tasks after them, and disables in reverse order', async () => {
    const log: string[] = [];
    const app = await Application.boot(
      {
        timezone: 'UTC',
        plugins: [recordingPlugin('first', log), recordingPlugin('second', log)],
        schedule(schedule) {
          log.push('schedule');
          schedule.command('echo hi').everyMinute();
        },
      },
      { logger: silent, fallbackPlugins: [recordingPlugin('fallback', log)] },
    );
    expect(log).toEqual(['enable:first', 'enable:second', 'enable:fallback', 'schedule']);
    expect(app.registry.all().ids()).toEqual(['echo-hi']);
    await app.shutdown();
    expect(log.slice(4)).toEqual(['disable:fallback', 'disable:second', 'disable:first']);
  });

  it('lets plugins provide values that later plugins resolve', async () => {
    let seen = '';
    const provider: Plugin = { name: 'provider', onEnable: (ctx) => ctx.provide(GREETING, 'hello') };
    const consumer: Plugin = {
      name: 'consumer',
      onEnable: (ctx) => {
        seen = `${ctx.resolve(GREETING)} ${ctx.has(GREETING)}`;
      },
    };
    const app = await Application.boot({ timezone: 'UTC', plugins: [provider, consumer] }, { logger: silent });
    expect(seen).toBe('hello true');
    expect(app.resolve(LOGGER)).toBe(silent);
    expect(app.resolve(EVENT_BUS)).toBe(app.events);
    expect(app.resolve(TASK_REGISTRY)).toBe(app.registry);
    expect(app.resolve(CONFIG).timezone).toBe('UTC');
    await app.shutdown();
  });

  it('names a missing token in a typed error', async () => {
    const app = await Application.boot({ timezone: 'UTC' }, { logger: silent });
    expect(() => app.resolve(GREETING)).toThrow(ConfigurationError);
    expect(() => app.resolve(GREETING)).toThrow('Application: nothing provides "test.greeting"');
    await app.shutdown();
  });

  it('wraps a failing plugin in a ConfigurationError naming it and disables the ones already enabled', async () => {
    const log: string[] = [];
    const broken: Plugin = {
      name: 'broken',
      onEnable: () => {
        throw new Error('cannot connect');
      },
    };
    const boot = Application.boot({ timezone: 'UTC', plugins: [recordingPlugin('ok', log), broken] }, { logger: silent });
    await expect(boot).rejects.toThrow(ConfigurationError);
    await expect(Application.boot({ timezone: 'UTC', plugins: [broken] }, { logger: silent })).rejects.toThrow(
      'Plugin "broken" failed to enable: cannot connect',
    );
    expect(log).toEqual(['enable:ok', 'disable:ok']);
  });

  it('rejects duplicate task ids across plugins and the schedule callback', async () => {
    const registering: Plugin = {
      name: 'registering',
      onEnable: () => undefined,
    };
    const boot = Application.boot(
      {
        timezone: 'UTC',
        plugins: [registering],
        schedule(schedule) {
          schedule.command('echo one').name('same');
          schedule.command('echo two').name('same');
        },
      },
      { logger: silent },
    );
    await expect(boot).rejects.toThrow(DuplicateTaskError);
  });

  it('can boot without registering tasks', async () => {
    let called = false;
    const app = await Application.boot(
      {
        timezone: 'UTC',
        schedule: () => {
          called = true;
        },
      },
      { logger: silent, skipTasks: true },
    );
    expect(called).toBe(false);
    expect(app.registry.size).toBe(0);
    await app.shutdown();
  });

  it('registers tasks without enabling plugins when asked (task child processes)', async () => {
    const log: string[] = [];
    const app = await Application.boot(
      { timezone: 'UTC', plugins: [recordingPlugin('store', log)], schedule: (schedule) => void schedule.command('true').name('t') },
      { logger: silent, enablePlugins: false },
    );
    expect(log).toEqual([]);
    expect(app.registry.all().ids()).toEqual(['t']);
    await app.shutdown();
  });
});
