import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Lease, LockProvider } from '@monkeyslegion/scheduler-core';
import { acquireOverlapLock } from './acquire-overlap-lock.js';

/** A lease whose extend answers are scripted per call, recording every call with its time. */
class ScriptedLease implements Lease {
  readonly key = 'overlap:t';
  readonly token = 'token';
  expiresAt: Date;
  readonly extendCalls: number[] = [];
  releaseCalls = 0;
  answers: Array<boolean | Error> = [];

  constructor(ttlMs: number) {
    this.expiresAt = new Date(Date.now() + ttlMs);
  }

  async extend(ttlMs: number): Promise<boolean> {
    this.extendCalls.push(Date.now());
    const answer = this.answers.shift() ?? true;
    if (answer instanceof Error) throw answer;
    if (answer) this.expiresAt = new Date(Date.now() + ttlMs);
    return answer;
  }

  async release(): Promise<boolean> {
    this.releaseCalls += 1;
    return true;
  }
}

function providerFor(lease: Lease | null): LockProvider & { keys: string[] } {
  const keys: string[] = [];
  return {
    name: 'scripted',
    keys,
    acquire: async (key) => {
      keys.push(key);
      return lease;
    },
    forceRelease: async () => false,
    list: async () => [],
    close: async () => undefined,
  };
}

describe('acquireOverlapLock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2025-01-01T00:00:00Z') });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('returns null when the provider says the lock is taken', async () => {
    await expect(acquireOverlapLock(providerFor(null), { id: 't', overlapTtlMs: 3000 })).resolves.toBeNull();
  });

  it('takes the encoded overlap key of the task', async () => {
    const provider = providerFor(new ScriptedLease(3000));
    await acquireOverlapLock(provider, { id: 'a:b', overlapTtlMs: 3000 });
    expect(provider.keys).toEqual(['overlap:a%3Ab']);
  });

  it('renews every third of the TTL while held', async () => {
    const lease = new ScriptedLease(3000);
    const lock = await acquireOverlapLock(providerFor(lease), { id: 't', overlapTtlMs: 3000 });
    await vi.advanceTimersByTimeAsync(3500);
    expect(lease.extendCalls.map((at) => at - Date.parse('2025-01-01T00:00:00Z'))).toEqual([1000, 2000, 3000]);
    expect(lock!.lost).toBe(false);
    await lock!.release();
  });

  it('stops renewing on release, releases once, and answers the same to repeated releases', async () => {
    const lease = new ScriptedLease(3000);
    const lock = await acquireOverlapLock(providerFor(lease), { id: 't', overlapTtlMs: 3000 });
    const [first, second] = await Promise.all([lock!.release(), lock!.release()]);
    expect([first, second]).toEqual([true, true]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(lease.extendCalls).toEqual([]);
    expect(lease.releaseCalls).toBe(1);
  });

  it('reports the lock lost (taken) when a renewal is refused, and does not release it', async () => {
    const lease = new ScriptedLease(3000);
    lease.answers = [true, false];
    const lock = await acquireOverlapLock(providerFor(lease), { id: 't', overlapTtlMs: 3000 });
    const losses: string[] = [];
    lock!.onLost((reason) => losses.push(reason));
    await vi.advanceTimersByTimeAsync(2000);
    expect(lock!.lost).toBe(true);
    expect(losses).toEqual(['taken']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(lease.extendCalls).toHaveLength(2);
    await expect(lock!.release()).resolves.toBe(false);
    expect(lease.releaseCalls).toBe(0);
  });

  it('keeps trying through backend errors and reports the loss only once the lease has expired', async () => {
    const lease = new ScriptedLease(3000);
    const outage = new Error('redis down');
    lease.answers = [outage, outage, outage];
    const lock = await acquireOverlapLock(providerFor(lease), { id: 't', overlapTtlMs: 3000 });
    const losses: Array<[string, unknown]> = [];
    lock!.onLost((reason, error) => losses.push([reason, error]));
    await vi.advanceTimersByTimeAsync(2000);
    expect(lock!.lost).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(lock!.lost).toBe(true);
    expect(losses).toEqual([['expired', outage]]);
  });

  it('recovers when a renewal succeeds after a backend error', async () => {
    const lease = new ScriptedLease(3000);
    lease.answers = [new Error('blip'), true];
    const lock = await acquireOverlapLock(providerFor(lease), { id: 't', overlapTtlMs: 3000 });
    await vi.advanceTimersByTimeAsync(5000);
    expect(lock!.lost).toBe(false);
    expect(lease.extendCalls.length).toBeGreaterThanOrEqual(4);
    await lock!.release();
  });

  it('tells a listener registered after the loss at once', async () => {
    const lease = new ScriptedLease(3000);
    lease.answers = [false];
    const lock = await acquireOverlapLock(providerFor(lease), { id: 't', overlapTtlMs: 3000 });
    await vi.advanceTimersByTimeAsync(1000);
    const late = vi.fn();
    lock!.onLost(late);
    await vi.advanceTimersByTimeAsync(0);
    expect(late).toHaveBeenCalledWith('taken', undefined);
  });

  it('does not keep the process alive with its renewal timer', async () => {
    vi.useRealTimers();
    const lease = new ScriptedLease(60_000);
    const timersBefore = process.getActiveResourcesInfo().filter((type) => type === 'Timeout').length;
    const lock = await acquireOverlapLock(providerFor(lease), { id: 't', overlapTtlMs: 60_000 });
    // Only timers that keep the event loop alive are listed here.
    expect(process.getActiveResourcesInfo().filter((type) => type === 'Timeout')).toHaveLength(timersBefore);
    await lock!.release();
  });

  it('rejects a non-positive TTL with a ConfigurationError', async () => {
    await expect(acquireOverlapLock(providerFor(null), { id: 't', overlapTtlMs: 0 })).rejects.toThrow(/ttlMs must be a positive number/);
  });
});
