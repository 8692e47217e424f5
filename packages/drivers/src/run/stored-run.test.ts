import { describe, expect, it } from 'vitest';
import { DEFAULT_PAYLOAD_LIMITS } from '../payload/payload-limits.js';
import { decodeStoredRun, type StoredRun } from './stored-run.js';

const base: StoredRun = { id: 'r1', taskId: 'sync', payload: '{"n":1}', runAtMs: 1000, pushedAtMs: 900, attempts: 2, dedupeKey: 'k' };

describe('decodeStoredRun', () => {
  it('turns a sound record into a pushed run', () => {
    expect(decodeStoredRun(base, DEFAULT_PAYLOAD_LIMITS)).toEqual({
      run: { id: 'r1', taskId: 'sync', payload: { n: 1 }, runAt: new Date(1000), pushedAt: new Date(900), attempts: 2, dedupeKey: 'k' },
    });
  });

  it('leaves payload and dedupe key out when none were stored', () => {
    const decoded = decodeStoredRun({ ...base, payload: null, dedupeKey: null }, DEFAULT_PAYLOAD_LIMITS);
    expect(decoded.run).toBeDefined();
    expect(decoded.run && 'payload' in decoded.run).toBe(false);
    expect(decoded.run && 'dedupeKey' in decoded.run).toBe(false);
  });

  it.each([
    ['a missing task id', { taskId: undefined }, 'task id is missing'],
    ['an invalid task id', { taskId: 'a\nb' }, 'contains control characters'],
    ['a payload that is not JSON', { payload: '{oops' }, 'stored payload is not valid JSON'],
    ['a polluting payload', { payload: '{"__proto__":{}}' }, 'key "__proto__"'],
    ['a missing run time', { runAtMs: null }, 'run time is missing'],
    ['an unreadable push time', { pushedAtMs: Number.NaN }, 'push time is missing'],
  ])('explains why a record with %s is malformed', (_label, change, reason) => {
    const decoded = decodeStoredRun({ ...base, ...change } as StoredRun, DEFAULT_PAYLOAD_LIMITS);
    expect(decoded.run).toBeUndefined();
    expect(decoded.malformed).toContain(reason);
  });
});
