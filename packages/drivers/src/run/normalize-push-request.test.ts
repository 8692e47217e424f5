import { InvalidPayloadError, type PushRequest } from '@monkeyslegion/scheduler-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PAYLOAD_LIMITS } from '../payload/payload-limits.js';
import { normalizePushRequest } from './normalize-push-request.js';

const limits = DEFAULT_PAYLOAD_LIMITS;

describe('normalizePushRequest', () => {
  it('keeps the task id, the payload as JSON text, runAt in milliseconds and the dedupe key', () => {
    const runAt = new Date('2030-01-01T00:00:00Z');
    expect(normalizePushRequest({ taskId: 'sync', payload: { n: 1 }, runAt, dedupeKey: 'k' }, limits)).toEqual({
      taskId: 'sync',
      payloadText: '{"n":1}',
      runAtMs: runAt.getTime(),
      dedupeKey: 'k',
    });
  });

  it('stores no payload and no run time when none were given', () => {
    expect(normalizePushRequest({ taskId: 'sync' }, limits)).toEqual({ taskId: 'sync', payloadText: null, runAtMs: null, dedupeKey: null });
  });

  it('rejects a field that would smuggle a command line', () => {
    const request = { taskId: 'sync', command: 'rm -rf /' } as unknown as PushRequest;
    expect(() => normalizePushRequest(request, limits)).toThrow(InvalidPayloadError);
    expect(() => normalizePushRequest(request, limits)).toThrow('Driver: push request field "command" is not supported');
  });

  it('rejects a request that is not an object', () => {
    expect(() => normalizePushRequest('rm -rf /' as unknown as PushRequest, limits)).toThrow('a push request must be an object');
  });

  it('rejects an invalid runAt', () => {
    expect(() => normalizePushRequest({ taskId: 'sync', runAt: new Date('nope') }, limits)).toThrow('Driver: runAt must be a valid Date, got "Invalid Date"');
    expect(() => normalizePushRequest({ taskId: 'sync', runAt: 5 as unknown as Date }, limits)).toThrow('runAt must be a valid Date');
  });
});
