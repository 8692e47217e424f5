import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error.js';
import { InvalidTimezoneError } from '../errors/invalid-timezone-error.js';
import { resolveConfig } from './resolve-config.js';

describe('resolveConfig', () => {
  it('applies defaults relative to the config file', () => {
    const config = resolveConfig({ discover: ['./src/tasks'] }, { configFile: '/srv/app/scheduler.config.ts' });
    expect(config.baseDir).toBe('/srv/app');
    expect(config.configFile).toBe('/srv/app/scheduler.config.ts');
    expect(config.discover).toEqual([path.join('/srv/app', 'src/tasks')]);
    expect(config.dataDir).toBe('/srv/app/.legion');
    expect(config.prefix).toBe('legion');
    expect(config.graceMs).toBe(60_000);
    expect(config.shutdownGraceMs).toBe(30_000);
    expect(config.outputLimitBytes).toBe(1_048_576);
    expect(typeof config.timezone).toBe('string');
  });

  it('rejects unknown options naming them', () => {
    expect(() => resolveConfig({ timzone: 'UTC' } as never)).toThrow(ConfigurationError);
    expect(() => resolveConfig({ timzone: 'UTC' } as never)).toThrow('Config: unknown option "timzone"');
  });

  it('rejects a bad timezone, prefix, discover, plugin and number naming the value', () => {
    expect(() => resolveConfig({ timezone: 'Nowhere/Land' })).toThrow(InvalidTimezoneError);
    expect(() => resolveConfig({ prefix: 'a b' })).toThrow('Config: prefix "a b" must be 1-64 characters');
    expect(() => resolveConfig({ discover: 'src' as never })).toThrow('Config: discover "src" must be an array of folder paths');
    expect(() => resolveConfig({ plugins: [{ name: 'x' } as never] })).toThrow('Config: plugin "{"name":"x"}" must be an object with a name and an onEnable function');
    expect(() => resolveConfig({ graceMs: -1 })).toThrow('Config: graceMs "-1" must be a non-negative integer');
    expect(() => resolveConfig({ schedule: 'x' as never })).toThrow('Config: schedule "x" must be a function');
    expect(() => resolveConfig(null as never)).toThrow('Config: expected an object from defineConfig(), got "null"');
  });
});
