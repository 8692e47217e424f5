import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LegionApp } from './legion-app.js';

let app: LegionApp;

beforeAll(async () => {
  app = await LegionApp.create();
});

afterAll(async () => {
  await app.remove();
});

describe('legion usage errors and help', () => {
  it('suggests the closest command for an unknown one and exits 2', async () => {
    const result = await app.run(['schedule:lst']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("legion: unknown command 'schedule:lst' (did you mean schedule:list?)\n");
    expect(result.stdout).toBe('');
  });

  it('rejects an unknown flag with a suggestion and exits 2', async () => {
    const result = await app.run(['schedule:list', '--jsn']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("legion: unknown option '--jsn' (did you mean --json?)\n");
  });

  it('prints help for a command on stdout and exits 0', async () => {
    const result = await app.run(['schedule:run', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: legion schedule:run [options]');
    expect(result.stdout).toContain('--force');
    expect(result.stdout).toContain('--tag <tag>');
    expect(result.stdout).toContain('--config <path>');
    expect(result.stderr).toBe('');
  });

  it('prints the package version and exits 0', async () => {
    const pkg = JSON.parse(await readFile(path.resolve(__dirname, '../../package.json'), 'utf8')) as { version: string };
    const result = await app.run(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it('shows the help on stderr and exits 2 when no command is given', async () => {
    const result = await app.run([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('schedule:list');
    expect(result.stdout).toBe('');
  });

  it('exits 2 naming the path when the config file is missing', async () => {
    const result = await app.run(['schedule:list', '--config', 'missing.config.ts']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('legion: Config: file "missing.config.ts" does not exist or is not a file\n');
  });

  it('exits 2 naming the folder and the file names tried when the working directory has no config', async () => {
    const result = await app.run(['schedule:list'], {}, { cwd: app.path('tasks') });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `legion: Config: no scheduler.config.ts, scheduler.config.mts, scheduler.config.js, scheduler.config.mjs in "${app.path('tasks')}"; create one or pass --config <path>\n`,
    );
  });

  it('exits 2 with the config error on one line when the config throws, and a stack only with --verbose', async () => {
    const result = await app.run(['schedule:list', '--config', 'configs/throws.config.ts']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('legion: Config: "throws.config.ts" failed to load: config exploded while loading\n');
    const verbose = await app.run(['schedule:list', '--config', 'configs/throws.config.ts', '--verbose']);
    expect(verbose.code).toBe(2);
    expect(verbose.stderr.split('\n')[0]).toBe('legion: Config: "throws.config.ts" failed to load: config exploded while loading');
    expect(verbose.stderr).toContain('Caused by: Error: config exploded while loading');
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });

  it('exits 2 naming the bad value of an invalid expression', async () => {
    const result = await app.run(['schedule:list', '--config', 'configs/bad-expression.config.ts']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('legion: CronExpression: minute field "61" is out of range 0-59 in "61 * * * *"\n');
  });

  it('exits 2 naming a duplicated task id', async () => {
    const result = await app.run(['schedule:run', '--config', 'configs/duplicate.config.ts']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^legion: TaskRegistry: task id "twice" is already registered/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rejects bad flag values with exit 2 before touching anything', async () => {
    const sleep = await app.run(['schedule:work', '--sleep=abc']);
    expect(sleep.code).toBe(2);
    expect(sleep.stderr).toBe('legion: --sleep "abc" must be a number of seconds between 0.01 and 3600 (e.g. 1 or 0.5)\n');
    const timezone = await app.run(['schedule:list', '--timezone=Mars/X']);
    expect(timezone.code).toBe(2);
    expect(timezone.stderr).toBe('legion: --timezone "Mars/X" is not a known IANA timezone (e.g. UTC, Europe/Paris)\n');
    const pid = await app.run(['schedule:interrupt', 'abc']);
    expect(pid.code).toBe(2);
    expect(pid.stderr).toBe('legion: pid "abc" is not a process id\n');
  });

  it('exits 2 with a "did you mean" for an unknown task id', async () => {
    const result = await app.run(['schedule:test', 'bakup']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('legion: unknown task id "bakup" (did you mean "backup"?)\n');
  });

  it('exits 1 for an unreachable backend and never prints its password', async () => {
    const result = await app.run(['schedule:list', '--config', 'configs/secret-url.config.mjs', '--verbose']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^legion: .*redis:\/\/worker:\*\*\*@127\.0\.0\.1:1\/0 is not reachable within 500 ms/);
    expect(result.stdout + result.stderr).not.toContain('hunter2');
  });
});
