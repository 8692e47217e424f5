import { ConfigurationError } from '@monkeyslegion/scheduler-core';
import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from './cli-options.js';

describe('parseBenchOptions', () => {
  it('reads flags, skipping the separator turbo may forward', () => {
    const options = parseBenchOptions(['--', '--quick', '--only=locks, pushed', '--out=x.md', '--sizes=1000,10k'], {});
    expect(options).toMatchObject({ quick: true, only: ['locks', 'pushed'], out: 'x.md', sizes: [1000, 10_000] });
  });

  it('reads BENCH_QUICK and BENCH_ONLY from the environment', () => {
    expect(parseBenchOptions([], { BENCH_QUICK: '1', BENCH_ONLY: 'pulse' })).toMatchObject({ quick: true, only: ['pulse'] });
  });

  it('rejects an unknown flag with a configuration error naming it', () => {
    expect(() => parseBenchOptions(['--fast'], {})).toThrow(ConfigurationError);
    expect(() => parseBenchOptions(['--fast'], {})).toThrow('"--fast"');
  });

  it('rejects a task count that is not a whole number', () => {
    expect(() => parseBenchOptions(['--sizes=1e3x'], {})).toThrow('"1e3x"');
  });
});
