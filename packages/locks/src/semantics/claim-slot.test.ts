import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '@monkeyslegion/scheduler-core';
import { slotClaimKey } from './claim-slot.js';
import { overlapLockKey } from './overlap-lock-key.js';

const slot = new Date('2025-03-30T01:00:00Z');

describe('slotClaimKey', () => {
  it('keys a cluster claim by task and UTC slot instant', () => {
    expect(slotClaimKey({ taskId: 'backup', slot, scope: 'cluster' })).toBe('slot:cluster:backup:2025-03-30T01:00:00.000Z');
  });

  it('keys a host claim by host as well', () => {
    expect(slotClaimKey({ taskId: 'backup', slot, scope: 'host', host: 'web-1' })).toBe(
      'slot:host:web-1:backup:2025-03-30T01:00:00.000Z',
    );
  });

  it('gives the same wall-clock time on two days, or in two zones, different keys', () => {
    const nextDay = new Date('2025-03-31T01:00:00Z');
    const sameInstantOtherOffset = new Date('2025-03-30T03:00:00+02:00');
    expect(slotClaimKey({ taskId: 't', slot, scope: 'cluster' })).not.toBe(slotClaimKey({ taskId: 't', slot: nextDay, scope: 'cluster' }));
    expect(slotClaimKey({ taskId: 't', slot, scope: 'cluster' })).toBe(
      slotClaimKey({ taskId: 't', slot: sameInstantOtherOffset, scope: 'cluster' }),
    );
  });

  it('encodes ids and hosts so ":" inside them cannot forge another claim', () => {
    const a = slotClaimKey({ taskId: 'b:c', slot, scope: 'host', host: 'a' });
    const b = slotClaimKey({ taskId: 'c', slot, scope: 'host', host: 'a:b' });
    expect(a).not.toBe(b);
    expect(slotClaimKey({ taskId: 'host:x', slot, scope: 'cluster' })).toBe('slot:cluster:host%3Ax:2025-03-30T01:00:00.000Z');
  });

  it('rejects an invalid date and an unknown scope with a ConfigurationError', () => {
    expect(() => slotClaimKey({ taskId: 't', slot: new Date(Number.NaN), scope: 'cluster' })).toThrow(ConfigurationError);
    expect(() => slotClaimKey({ taskId: 't', slot, scope: 'galaxy' as never })).toThrow(/scope must be "cluster" or "host", got "galaxy"/);
  });
});

describe('overlapLockKey', () => {
  it('encodes the task id behind the overlap prefix', () => {
    expect(overlapLockKey('reports:daily*')).toBe('overlap:reports%3Adaily%2A');
  });
});
