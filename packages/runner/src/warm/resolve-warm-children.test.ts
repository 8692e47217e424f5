import { ConfigurationError } from '@monkeyslegion/scheduler-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WARM_CHILDREN, WARM_CHILDREN_ENV, resolveWarmChildren } from './resolve-warm-children.js';

describe('resolveWarmChildren', () => {
  it('prefers the option, then the environment variable, then the default of 2', () => {
    expect(resolveWarmChildren(3, { [WARM_CHILDREN_ENV]: '5' })).toBe(3);
    expect(resolveWarmChildren(undefined, { [WARM_CHILDREN_ENV]: ' 5 ' })).toBe(5);
    expect(resolveWarmChildren(undefined, { [WARM_CHILDREN_ENV]: '' })).toBe(DEFAULT_WARM_CHILDREN);
    expect(resolveWarmChildren(undefined, {})).toBe(2);
    expect(resolveWarmChildren(0, {})).toBe(0);
  });

  it.each([['two'], ['-1'], ['1.5'], ['65'], ['0x2']])('refuses %s in the environment with a ConfigurationError quoting it', (text) => {
    expect(() => resolveWarmChildren(undefined, { [WARM_CHILDREN_ENV]: text })).toThrow(ConfigurationError);
    expect(() => resolveWarmChildren(undefined, { [WARM_CHILDREN_ENV]: text })).toThrow(`Daemon: ${WARM_CHILDREN_ENV} must be an integer from 0 to 64, got "${text}"`);
  });

  it('refuses an option that is not an integer from 0 to 64', () => {
    for (const value of [-1, 1.5, 65, Number.NaN]) expect(() => resolveWarmChildren(value, {})).toThrow(ConfigurationError);
  });
});
