import { InvalidPayloadError } from '@monkeyslegion/scheduler-core';
import { describe, expect, it } from 'vitest';
import { validateDedupeKey, validateTaskId } from './validate-task-id.js';

describe('validateTaskId', () => {
  it('accepts ordinary ids, including ones with spaces and slashes', () => {
    expect(validateTaskId('reports:daily')).toBe('reports:daily');
    expect(validateTaskId('node scripts/backup.js')).toBe('node scripts/backup.js');
    expect(validateTaskId('x'.repeat(255))).toHaveLength(255);
  });

  it.each([
    ['an empty id', '', 'Driver: task id must not be empty'],
    ['a too long id', 'x'.repeat(256), 'is 256 characters long, the limit is 255'],
    ['a newline', 'a\nb', 'Driver: task id "a\\nb" contains control characters'],
    ['a NUL byte', 'a\u0000b', 'contains control characters'],
    ['a number', 42, 'Driver: task id must be a string, got number "42"'],
    ['null', null, 'must be a string, got null'],
  ])('rejects %s', (_label, value, message) => {
    expect(() => validateTaskId(value)).toThrow(InvalidPayloadError);
    expect(() => validateTaskId(value)).toThrow(message);
  });
});

describe('validateDedupeKey', () => {
  it('accepts a key and rejects an empty or oversized one', () => {
    expect(validateDedupeKey('invoice:42')).toBe('invoice:42');
    expect(() => validateDedupeKey('')).toThrow('Driver: dedupe key must not be empty');
    expect(() => validateDedupeKey('k'.repeat(256))).toThrow('dedupe key');
  });
});
