import type { Clock } from '@monkeyslegion/scheduler-core';
import { describe, expect, it } from 'vitest';
import { CacheArgumentError } from '../errors/cache-argument-error.js';
import { CacheClosedError } from '../errors/cache-closed-error.js';
import { CacheValueError } from '../errors/cache-value-error.js';
import { MemoryCacheStore } from './memory-cache-store.js';

function fakeClock(start = 1_000_000): Clock & { set(now: number): void } {
  let now = start;
  return { now: () => now, set: (next) => void (now = next) };
}

describe('MemoryCacheStore', () => {
  it('keeps a key visible while now < t + ttlMs and hides it from now = t + ttlMs on', async () => {
    const clock = fakeClock(1000);
    const store = new MemoryCacheStore({ clock });
    await store.put('k', 'v', 100);
    clock.set(1099);
    expect(await store.get('k')).toBe('v');
    expect(await store.keys('')).toEqual(['k']);
    clock.set(1100);
    expect(await store.get('k')).toBeUndefined();
    expect(await store.keys('')).toEqual([]);
    expect(await store.many(['k'])).toEqual(new Map([['k', undefined]]));
  });

  it('lets add win exactly at the expiry instant but not one millisecond before', async () => {
    const clock = fakeClock(0);
    const store = new MemoryCacheStore({ clock });
    expect(await store.add('lock', 'a', 50)).toBe(true);
    clock.set(49);
    expect(await store.add('lock', 'b', 50)).toBe(false);
    clock.set(50);
    expect(await store.add('lock', 'c', 50)).toBe(true);
    expect(await store.get('lock')).toBe('c');
  });

  it('keeps the original expiry instant when incrementing', async () => {
    const clock = fakeClock(0);
    const store = new MemoryCacheStore({ clock });
    await store.put('n', 1, 100);
    clock.set(60);
    expect(await store.increment('n')).toBe(2);
    clock.set(99);
    expect(await store.get('n')).toBe(2);
    clock.set(100);
    expect(await store.get('n')).toBeUndefined();
  });

  it('rounds a fractional TTL up to whole milliseconds so an entry never lives shorter than asked', async () => {
    const clock = fakeClock(0);
    const store = new MemoryCacheStore({ clock });
    await store.put('k', 1, 0.2);
    expect(await store.get('k')).toBe(1);
    clock.set(1);
    expect(await store.get('k')).toBeUndefined();
  });

  it('applies the legion: namespace by default and keeps it out of keys()', async () => {
    const store = new MemoryCacheStore();
    expect(store.prefix).toBe('legion:');
    await store.put('a', 1);
    expect(await store.keys('')).toEqual(['a']);
  });

  it('forgets expired entries during a later write once a minute has passed', async () => {
    const clock = fakeClock(0);
    const store = new MemoryCacheStore({ clock });
    await store.put('old', 1, 10);
    const entries = (store as unknown as { entries: Map<string, unknown> }).entries;
    clock.set(30_000);
    await store.put('other', 1);
    expect(entries.has('legion:old')).toBe(true);
    clock.set(60_001);
    await store.put('other', 2);
    expect(entries.has('legion:old')).toBe(false);
  });

  it('names the store, the key and the value in its typed errors', async () => {
    const store = new MemoryCacheStore();
    await expect(store.put('job', undefined)).rejects.toThrow(new CacheValueError('MemoryCacheStore: value undefined for key "job" is not storable as JSON (undefined is not a JSON value)', 'job', undefined));
    await expect(store.put('job', 1, -5)).rejects.toBeInstanceOf(CacheArgumentError);
    await expect(store.put('job', 1, -5)).rejects.toThrow('MemoryCacheStore: ttlMs "-5" must be a positive number');
    await expect(store.get(42 as unknown as string)).rejects.toThrow('MemoryCacheStore: key "42" must be a string');
    await store.put('text', 'abc');
    await expect(store.increment('text')).rejects.toThrow('MemoryCacheStore: cannot increment key "text" holding "abc" by 1');
    await store.close();
    await expect(store.get('job')).rejects.toThrow(new CacheClosedError('MemoryCacheStore', 'get'));
  });

  it('lets compareAndSwap and compareAndDelete act until one millisecond before expiry but not at the expiry instant', async () => {
    const clock = fakeClock(0);
    const store = new MemoryCacheStore({ clock });
    await store.put('swap', 'v1', 50);
    await store.put('delete', 'v1', 50);
    clock.set(49);
    expect(await store.compareAndSwap('swap', 'v1', 'v2', 50)).toBe(true);
    clock.set(98);
    expect(await store.get('swap')).toBe('v2');
    clock.set(99);
    expect(await store.compareAndSwap('swap', 'v2', 'v3', 50)).toBe(false);
    clock.set(49);
    expect(await store.compareAndDelete('delete', 'v1')).toBe(true);
    await store.put('delete', 'v1', 50);
    clock.set(99);
    expect(await store.compareAndDelete('delete', 'v1')).toBe(false);
  });

  it('names the store, the key and the value when compareAndSwap gets an expected value with no JSON form', async () => {
    const store = new MemoryCacheStore();
    await store.put('job', 'v');
    await expect(store.compareAndSwap('job', undefined, 'w')).rejects.toThrow(
      new CacheValueError('MemoryCacheStore: expected value undefined for key "job" is not a JSON value (undefined is not a JSON value), so no stored value can equal it', 'job', undefined),
    );
    await expect(store.compareAndDelete('job', 10n)).rejects.toThrow('MemoryCacheStore: expected value 10n for key "job" is not a JSON value');
    await expect(store.compareAndSwap('job', 'v', 'w', 0)).rejects.toThrow('MemoryCacheStore: ttlMs "0" must be a positive number');
    await store.close();
    await expect(store.compareAndSwap('job', 'v', 'w')).rejects.toThrow(new CacheClosedError('MemoryCacheStore', 'compareAndSwap'));
    await expect(store.compareAndDelete('job', 'v')).rejects.toThrow(new CacheClosedError('MemoryCacheStore', 'compareAndDelete'));
  });

  it('refuses an increment that would leave the safe integer range and keeps the value', async () => {
    const store = new MemoryCacheStore();
    await store.put('big', Number.MAX_SAFE_INTEGER);
    await expect(store.increment('big')).rejects.toBeInstanceOf(CacheValueError);
    expect(await store.get('big')).toBe(Number.MAX_SAFE_INTEGER);
  });
});
