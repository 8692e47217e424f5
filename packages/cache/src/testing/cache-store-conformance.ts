import { SchedulerError, type CacheStore } from '@monkeyslegion/scheduler-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeCompareAndSwapConformance } from './compare-and-swap-conformance.js';

/** A store under test and how to remove everything it wrote. */
export interface CacheStoreFixture {
  /** The store, open and empty. */
  store: CacheStore;
  /** Closes the store (it may already be closed) and deletes its data. */
  cleanup(): Promise<void>;
}

/**
 * Opens a fresh store. Every call must return an empty store in a namespace of its own over the SAME
 * backing storage (same file, same Redis), so two fixtures prove namespace isolation.
 */
export type CacheStoreFactory = () => Promise<CacheStoreFixture>;

/** Tuning of the conformance suite. */
export interface CacheStoreConformanceOptions {
  /**
   * TTL used by the expiry tests; each of them waits this long plus half of it (at least 100 ms).
   * @default 300
   */
  ttlMs?: number;
  /**
   * How many concurrent calls the atomicity tests make.
   * @default 50
   */
  concurrency?: number;
  /**
   * Fail, instead of skip, the compare-and-swap tests when the store lacks `compareAndSwap`/`compareAndDelete`:
   * set it when your store promises atomic compare-and-swap (as `cacheLocks()` needs for atomic extend and release).
   * @default false
   */
  requireCompareAndSwap?: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const JSON_SAMPLES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  42,
  -7.25,
  1e300,
  '',
  'plain text',
  'ünïcødé 🦊 \u0000 "quotes" \\ \n',
  [],
  {},
  [1, 'two', null, false, { three: [3] }],
  { nested: { deeper: { list: [1, 2, 3], flag: true, none: null } }, 'odd key:*?[': 'value' },
];

// Decoys for every pattern language a backend might leak: SQL LIKE (% _ and case folding), Redis glob (* ? [ ] \).
const HOSTILE_KEYS: readonly string[] = [
  'a:b', 'a:b:c', 'a*', 'a*b', 'axb', 'a?', 'ab', 'a[1]', 'a1]', 'a1', 'a]', 'a%', 'a%b', 'aZb', 'a_', 'a_b',
  'aXb', 'a b', 'a\\', 'a\\b', 'a\\*', 'Ab', 'A*', 'añ', 'a🦊', 'a🦊b', 'a\u0000b', 'b', 'x',
];
const HOSTILE_PROBES: readonly string[] = [
  '', 'a', 'a:', 'a:b:', 'a*', 'a?', 'a[', 'a[1]', 'a]', 'a%', 'a_', 'a ', 'a\\', 'a\\*', 'a🦊', 'a\u0000', 'A', 'z', 'a:b:c:d',
];

/**
 * Registers vitest `describe`/`it` blocks checking that a `CacheStore` honours every rule of the contract:
 * JSON round-trips, TTL expiry, atomic `add`, `increment`, `many`, literal-prefix `keys`, namespaces, `close`,
 * and, when the store has them (or `requireCompareAndSwap` is set), atomic `compareAndSwap`/`compareAndDelete`.
 *
 * @example
 * describeCacheStoreConformance('memory', async () => {
 *   const store = new MemoryCacheStore({ prefix: `${uniqueTestPrefix()}:` });
 *   return { store, cleanup: () => store.close() };
 * });
 */
export function describeCacheStoreConformance(name: string, factory: CacheStoreFactory, options: CacheStoreConformanceOptions = {}): void {
  const ttlMs = options.ttlMs ?? 300;
  const pastTtlMs = ttlMs + Math.max(100, Math.ceil(ttlMs / 2));
  const concurrency = options.concurrency ?? 50;

  describe(`${name} CacheStore conformance`, () => {
    let fixtures: CacheStoreFixture[] = [];
    let store: CacheStore;
    const open = async (): Promise<CacheStore> => {
      const fixture = await factory();
      fixtures.push(fixture);
      return fixture.store;
    };
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      for (const fixture of fixtures.reverse()) await fixture.cleanup();
      fixtures = [];
    });

    describe('values', () => {
      it('returns undefined for a key that was never written', async () => {
        expect(await store.get('never-written')).toBeUndefined();
      });

      it('returns every kind of JSON value structurally equal after put', async () => {
        for (const [index, value] of JSON_SAMPLES.entries()) await store.put(`sample:${index}`, value);
        for (const [index, value] of JSON_SAMPLES.entries()) {
          expect(await store.get(`sample:${index}`), `sample ${index}`).toStrictEqual(value);
        }
        expect(await store.get('sample:0')).toBeNull();
      });

      it('replaces the value on a second put', async () => {
        await store.put('key', 'first');
        await store.put('key', { second: true });
        expect(await store.get('key')).toEqual({ second: true });
      });

      it('hands out copies, so mutating a written or a read value does not change the stored one', async () => {
        const written = { list: [1, 2], inner: { n: 1 } };
        await store.put('copy', written);
        written.list.push(3);
        written.inner.n = 99;
        const read = await store.get<{ list: number[]; inner: { n: number } }>('copy');
        read!.list.push(4);
        read!.inner.n = 42;
        expect(await store.get('copy')).toEqual({ list: [1, 2], inner: { n: 1 } });
      });

      it('rejects undefined with a typed error and stores nothing', async () => {
        await expect(store.put('undefined', undefined)).rejects.toBeInstanceOf(SchedulerError);
        await expect(store.add('undefined', undefined)).rejects.toBeInstanceOf(SchedulerError);
        expect(await store.get('undefined')).toBeUndefined();
        expect(await store.keys('undefined')).toEqual([]);
      });

      it('rejects values JSON cannot round-trip (functions, bigints, NaN, Infinity, cycles) with a typed error', async () => {
        const cycle: Record<string, unknown> = {};
        cycle.self = cycle;
        for (const value of [() => 1, 10n, Number.NaN, { deep: [Number.POSITIVE_INFINITY] }, cycle, Symbol('s')]) {
          await expect(store.put('bad', value), String(typeof value)).rejects.toBeInstanceOf(SchedulerError);
        }
        expect(await store.get('bad')).toBeUndefined();
      });

      it('rejects a zero, negative or non-finite ttlMs with a typed error', async () => {
        for (const ttl of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
          await expect(store.put('ttl', 1, ttl), `put ttl ${ttl}`).rejects.toBeInstanceOf(SchedulerError);
          await expect(store.add('ttl', 1, ttl), `add ttl ${ttl}`).rejects.toBeInstanceOf(SchedulerError);
        }
        expect(await store.get('ttl')).toBeUndefined();
      });
    });

    describe('expiry', () => {
      it('shows a key before its TTL ends and hides it afterwards from get, many and keys', async () => {
        await store.put('short', 'soon gone', ttlMs);
        await store.put('forever', 'stays');
        expect(await store.get('short')).toBe('soon gone');
        await sleep(pastTtlMs);
        expect(await store.get('short')).toBeUndefined();
        expect(await store.many(['short', 'forever'])).toEqual(new Map<string, unknown>([['short', undefined], ['forever', 'stays']]));
        expect(await store.keys('')).toEqual(['forever']);
      });

      it('drops the TTL when a key is put again without one', async () => {
        await store.put('renewed', 1, ttlMs);
        await store.put('renewed', 2);
        await sleep(pastTtlMs);
        expect(await store.get('renewed')).toBe(2);
      });

      it('lets add claim a key again once its TTL has passed', async () => {
        expect(await store.add('claim', 'first', ttlMs)).toBe(true);
        expect(await store.add('claim', 'second', ttlMs)).toBe(false);
        await sleep(pastTtlMs);
        expect(await store.add('claim', 'third')).toBe(true);
        expect(await store.get('claim')).toBe('third');
      });

      it('treats an expired key as absent for increment and forget', async () => {
        await store.put('counter', 41, ttlMs);
        await store.put('doomed', 'x', ttlMs);
        await sleep(pastTtlMs);
        expect(await store.increment('counter')).toBe(1);
        expect(await store.forget('doomed')).toBe(false);
      });

      it('keeps the TTL of a key when incrementing it', async () => {
        await store.put('hits', 1, ttlMs);
        expect(await store.increment('hits', 2)).toBe(3);
        expect(await store.get('hits')).toBe(3);
        await sleep(pastTtlMs);
        expect(await store.get('hits')).toBeUndefined();
      });
    });

    describe('add', () => {
      it('stores only when the key is absent and leaves an existing value untouched', async () => {
        expect(await store.add('once', { owner: 'a' })).toBe(true);
        expect(await store.add('once', { owner: 'b' })).toBe(false);
        expect(await store.get('once')).toEqual({ owner: 'a' });
      });

      it(`lets exactly one of ${concurrency} concurrent add calls on one key win`, async () => {
        const results = await Promise.all(Array.from({ length: concurrency }, (_, index) => store.add('race', index, 60_000)));
        const winners = results.flatMap((won, index) => (won ? [index] : []));
        expect(winners).toHaveLength(1);
        expect(await store.get('race')).toBe(winners[0]);
      });
    });

    describe('forget', () => {
      it('deletes a key and reports whether it existed', async () => {
        await store.put('gone', 'soon');
        expect(await store.forget('gone')).toBe(true);
        expect(await store.get('gone')).toBeUndefined();
        expect(await store.forget('gone')).toBe(false);
        expect(await store.forget('never')).toBe(false);
      });
    });

    describe('increment', () => {
      it('treats an absent key as 0, adds 1 by default and accepts any integer step', async () => {
        expect(await store.increment('n')).toBe(1);
        expect(await store.increment('n', 10)).toBe(11);
        expect(await store.increment('n', -20)).toBe(-9);
        expect(await store.get('n')).toBe(-9);
      });

      it(`sums ${concurrency} concurrent increments exactly`, async () => {
        const results = await Promise.all(Array.from({ length: concurrency }, () => store.increment('concurrent')));
        expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: concurrency }, (_, index) => index + 1));
        expect(await store.get('concurrent')).toBe(concurrency);
      });

      it('rejects incrementing a value that is not an integer with a typed error and leaves it untouched', async () => {
        for (const value of ['text', 1.5, { n: 1 }, '5']) {
          await store.put('not-a-number', value);
          await expect(store.increment('not-a-number'), JSON.stringify(value)).rejects.toBeInstanceOf(SchedulerError);
          expect(await store.get('not-a-number')).toEqual(value);
        }
      });

      it('rejects a step that is not an integer with a typed error', async () => {
        await expect(store.increment('n', 1.5)).rejects.toBeInstanceOf(SchedulerError);
        await expect(store.increment('n', Number.NaN)).rejects.toBeInstanceOf(SchedulerError);
        expect(await store.get('n')).toBeUndefined();
      });
    });

    describe('many', () => {
      it('returns every asked key in order, with undefined for absent ones and null kept as null', async () => {
        await store.put('m:1', 'one');
        await store.put('m:null', null);
        const values = await store.many(['m:2', 'm:1', 'm:null']);
        expect([...values.entries()]).toEqual([
          ['m:2', undefined],
          ['m:1', 'one'],
          ['m:null', null],
        ]);
        expect((await store.many([])).size).toBe(0);
      });
    });

    describe('keys', () => {
      it('lists exactly the keys that start with the literal prefix, whatever characters it holds', async () => {
        for (const key of HOSTILE_KEYS) await store.put(key, key);
        for (const probe of HOSTILE_PROBES) {
          const expected = HOSTILE_KEYS.filter((key) => key.startsWith(probe)).sort();
          expect((await store.keys(probe)).sort(), `keys(${JSON.stringify(probe)})`).toEqual(expected);
        }
        for (const key of HOSTILE_KEYS) expect(await store.get(key), JSON.stringify(key)).toBe(key);
      });

      it('stores, lists and forgets a 10 KB key', async () => {
        const long = `long:${'k'.repeat(10 * 1024)}`;
        await store.put(long, 'big key');
        expect(await store.get(long)).toBe('big key');
        expect(await store.keys(long.slice(0, 5000))).toEqual([long]);
        expect(await store.forget(long)).toBe(true);
        expect(await store.keys('long:')).toEqual([]);
      });

      it('returns keys without the store namespace', async () => {
        await store.put('job:1', 1);
        await store.put('job:2', 2);
        expect((await store.keys('')).sort()).toEqual(['job:1', 'job:2']);
        expect((await store.keys('job:')).sort()).toEqual(['job:1', 'job:2']);
      });
    });

    describe('namespaces', () => {
      it('isolates two stores with different namespaces over the same backend', async () => {
        const other = await open();
        await store.put('shared', 'mine');
        expect(await other.get('shared')).toBeUndefined();
        expect(await other.add('shared', 'theirs')).toBe(true);
        expect(await store.get('shared')).toBe('mine');
        expect(await other.get('shared')).toBe('theirs');
        expect(await other.increment('count')).toBe(1);
        expect(await store.increment('count')).toBe(1);
        expect(await store.keys('')).toEqual(expect.arrayContaining(['shared', 'count']));
        expect((await store.keys('')).sort()).toEqual(['count', 'shared']);
        expect(await store.forget('shared')).toBe(true);
        expect(await other.get('shared')).toBe('theirs');
        expect((await other.many(['shared', 'count'])).get('shared')).toBe('theirs');
      });
    });

    describeCompareAndSwapConformance({
      current: () => store,
      open,
      isRequired: options.requireCompareAndSwap ?? false,
      ttlMs,
      pastTtlMs,
      concurrency,
    });

    describe('close', () => {
      it('rejects every operation after close, and closing twice is harmless', async () => {
        await store.put('before', 1);
        await store.close();
        await store.close();
        await expect(store.get('before')).rejects.toThrow();
        await expect(store.put('after', 1)).rejects.toThrow();
        await expect(store.add('after', 1)).rejects.toThrow();
        await expect(store.forget('before')).rejects.toThrow();
        await expect(store.increment('before')).rejects.toThrow();
        await expect(store.many(['before'])).rejects.toThrow();
        await expect(store.keys('')).rejects.toThrow();
      });
    });
  });
}
