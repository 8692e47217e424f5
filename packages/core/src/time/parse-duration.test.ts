import { describe, expect, it } from 'vitest';
import { InvalidTaskError } from '../errors/invalid-task-error.js';
import { parseDuration } from './parse-duration.js';

describe('parseDuration', () => {
  it.each([
    [1500, 1500],
    ['500ms', 500],
    ['10s', 10_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['1.5s', 1500],
    ['250', 250],
  ])('reads %s as %d ms', (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });

  it.each(['', 'soon', '10x', '-5s', '0s', '5m garbage', 'm5'])('rejects %j with a typed error quoting it', (input) => {
    expect(() => parseDuration(input, 'timeout')).toThrow(InvalidTaskError);
    expect(() => parseDuration(input, 'timeout')).toThrow(`Duration: timeout "${input}" is not a positive duration`);
  });

  it('rejects non-positive and non-finite numbers', () => {
    expect(() => parseDuration(0)).toThrow('"0"');
    expect(() => parseDuration(Number.POSITIVE_INFINITY)).toThrow(InvalidTaskError);
    expect(() => parseDuration(Number.NaN)).toThrow(InvalidTaskError);
  });
});
