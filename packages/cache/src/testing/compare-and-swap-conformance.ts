import { SchedulerError, type CacheStore } from '@monkeyslegion/scheduler-core';
import { describe, expect, it, type TestContext } from 'vitest';

/** A store with both optional compare-and-swap methods. */
type CompareAndSwapStore = CacheStore & Required<Pick<CacheStore, 'compareAndSwap' | 'compareAndDelete'>>;

/** What the compare-and-swap tests need from the enclosing conformance suite. */
export interface CompareAndSwapSuiteContext {
  /** The store of the running test (opened in the suite's `beforeEach`). */
  current(): CacheStore;
  /** Opens one more store in its own namespace over the same backend (cleaned up by the suite). */
  open(): Promise<CacheStore>;
  /** Whether a store without the methods fails the suite instead of skipping these tests. */
  isRequired: boolean;
  /** TTL of the expiry tests. */
  ttlMs: number;
  /** How long the expiry tests wait for a `ttlMs` entry to be gone. */
  pastTtlMs: number;
  /** How many concurrent calls the race tests make. */
  concurrency: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function hasCompareAndSwap(store: CacheStore): store is CompareAndSwapStore {
  return typeof store.compareAndSwap === 'function' && typeof store.compareAndDelete === 'function';
}

/**
 * Registers the tests of the optional `compareAndSwap`/`compareAndDelete` pair inside the cache store suite.
 * A store with neither method has them reported as skipped unless `isRequired`; a store with only one fails.
 */
export function describeCompareAndSwapConformance(suite: CompareAndSwapSuiteContext): void {
  const { ttlMs, pastTtlMs, concurrency } = suite;

  /** The running test's store with its compare-and-swap methods, or a skip when it has none and they are optional. */
  const casStore = (context: TestContext): CompareAndSwapStore => {
    const store = suite.current();
    if (hasCompareAndSwap(store)) return store;
    if (suite.isRequired) throw new Error(`${store.name} store lacks compareAndSwap/compareAndDelete, which this suite requires`);
    return context.skip(`${store.name} store has no compareAndSwap/compareAndDelete`);
  };

  describe('compareAndSwap and compareAndDelete', () => {
    it(suite.isRequired ? 'are both implemented' : 'are implemented together or not at all', () => {
      const store = suite.current();
      const present = [typeof store.compareAndSwap === 'function', typeof store.compareAndDelete === 'function'];
      expect(present).toEqual(suite.isRequired ? [true, true] : [present[0], present[0]]);
    });

    it('swaps the value when the live value equals the expected one', async (context) => {
      const store = casStore(context);
      const current = { token: 'a', pid: 1, nested: { list: [1, 2], none: null } };
      await store.put('swap', current);
      expect(await store.compareAndSwap('swap', { token: 'a', pid: 1, nested: { list: [1, 2], none: null } }, { token: 'b' })).toBe(true);
      expect(await store.get('swap')).toEqual({ token: 'b' });
      expect(await store.compareAndSwap('swap', { token: 'b' }, 'plain text')).toBe(true);
      expect(await store.compareAndSwap('swap', 'plain text', null)).toBe(true);
      expect(await store.compareAndSwap('swap', null, 0)).toBe(true);
      expect(await store.get('swap')).toBe(0);
    });

    it('refuses to swap when the live value differs, including by type or key order, and leaves it untouched', async (context) => {
      const store = casStore(context);
      await store.put('other', { a: 1, b: 2 });
      await store.put('number', 5);
      for (const expected of [{ a: 1, b: 3 }, { b: 2, a: 1 }, { a: 1 }, [1, 2], '{"a":1,"b":2}', null]) {
        expect(await store.compareAndSwap('other', expected, 'stolen'), JSON.stringify(expected)).toBe(false);
        expect(await store.compareAndDelete('other', expected), JSON.stringify(expected)).toBe(false);
      }
      expect(await store.compareAndSwap('number', '5', 'stolen')).toBe(false);
      expect(await store.compareAndSwap('number', 5.0001, 'stolen')).toBe(false);
      expect(await store.get('other')).toEqual({ a: 1, b: 2 });
      expect(await store.get('number')).toBe(5);
    });

    it('refuses to swap or delete an absent key and does not create it', async (context) => {
      const store = casStore(context);
      expect(await store.compareAndSwap('absent', null, 'created')).toBe(false);
      expect(await store.compareAndDelete('absent', null)).toBe(false);
      expect(await store.get('absent')).toBeUndefined();
      expect(await store.keys('absent')).toEqual([]);
    });

    it('compares a counter written by increment with its number', async (context) => {
      const store = casStore(context);
      await store.increment('counter', 3);
      expect(await store.compareAndSwap('counter', 3, 10)).toBe(true);
      expect(await store.increment('counter')).toBe(11);
      expect(await store.compareAndDelete('counter', 11)).toBe(true);
      expect(await store.get('counter')).toBeUndefined();
    });

    it('refuses to swap or delete a key whose TTL has passed, even when its old value matches', async (context) => {
      const store = casStore(context);
      await store.put('stale-swap', 'old', ttlMs);
      await store.put('stale-delete', 'old', ttlMs);
      await sleep(pastTtlMs);
      expect(await store.compareAndSwap('stale-swap', 'old', 'new', 60_000)).toBe(false);
      expect(await store.compareAndDelete('stale-delete', 'old')).toBe(false);
      expect(await store.get('stale-swap')).toBeUndefined();
      expect(await store.add('stale-swap', 'claimed')).toBe(true);
    });

    it('gives the swapped value the new TTL, or none when ttlMs is omitted', async (context) => {
      const store = casStore(context);
      await store.put('gets-ttl', 'v1');
      await store.put('loses-ttl', 'v1', ttlMs);
      expect(await store.compareAndSwap('gets-ttl', 'v1', 'v2', ttlMs)).toBe(true);
      expect(await store.compareAndSwap('loses-ttl', 'v1', 'v2')).toBe(true);
      expect(await store.get('gets-ttl')).toBe('v2');
      await sleep(pastTtlMs);
      expect(await store.get('gets-ttl')).toBeUndefined();
      expect(await store.get('loses-ttl')).toBe('v2');
    });

    it('deletes the key when the live value equals the expected one, once', async (context) => {
      const store = casStore(context);
      await store.put('owned', { token: 't1' }, 60_000);
      expect(await store.compareAndDelete('owned', { token: 't2' })).toBe(false);
      expect(await store.get('owned')).toEqual({ token: 't1' });
      expect(await store.compareAndDelete('owned', { token: 't1' })).toBe(true);
      expect(await store.get('owned')).toBeUndefined();
      expect(await store.compareAndDelete('owned', { token: 't1' })).toBe(false);
    });

    it(`lets exactly one of ${concurrency} concurrent compareAndSwap calls from the same expected value win`, async (context) => {
      const store = casStore(context);
      await store.put('race', { version: 0 }, 60_000);
      const results = await Promise.all(
        Array.from({ length: concurrency }, (_, index) => store.compareAndSwap('race', { version: 0 }, { version: 1, by: index }, 60_000)),
      );
      const winners = results.flatMap((won, index) => (won ? [index] : []));
      expect(winners).toHaveLength(1);
      expect(await store.get('race')).toEqual({ version: 1, by: winners[0] });
    });

    it(`lets exactly one of ${concurrency} concurrent compareAndDelete calls win`, async (context) => {
      const store = casStore(context);
      await store.put('race-delete', 'held', 60_000);
      const results = await Promise.all(Array.from({ length: concurrency }, () => store.compareAndDelete('race-delete', 'held')));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.get('race-delete')).toBeUndefined();
    });

    it('only sees keys of its own namespace', async (context) => {
      const store = casStore(context);
      const other = await suite.open();
      await store.put('shared', 'mine');
      await other.put('shared', 'theirs');
      expect(await store.compareAndSwap('shared', 'theirs', 'stolen')).toBe(false);
      expect(await store.compareAndDelete('shared', 'theirs')).toBe(false);
      expect(await store.compareAndSwap('shared', 'mine', 'still mine')).toBe(true);
      expect(await other.get('shared')).toBe('theirs');
    });

    it('rejects a non-string key, a bad ttlMs, an expected value with no JSON form or an unstorable next value with a typed error', async (context) => {
      const store = casStore(context);
      await store.put('guarded', 'v');
      const cycle: Record<string, unknown> = {};
      cycle.self = cycle;
      const attempts: [string, () => Promise<boolean>][] = [
        ['swap key 42', () => store.compareAndSwap(42 as unknown as string, 'v', 'w')],
        ['delete key null', () => store.compareAndDelete(null as unknown as string, 'v')],
        ...[0, -1, Number.NaN, Number.POSITIVE_INFINITY].map((ttl): [string, () => Promise<boolean>] => [`ttl ${ttl}`, () => store.compareAndSwap('guarded', 'v', 'w', ttl)]),
        ['expected undefined', () => store.compareAndSwap('guarded', undefined, 'w')],
        ['expected function', () => store.compareAndSwap('guarded', () => 'v', 'w')],
        ['delete expected NaN', () => store.compareAndDelete('guarded', Number.NaN)],
        ['next undefined', () => store.compareAndSwap('guarded', 'v', undefined)],
        ['next cycle', () => store.compareAndSwap('guarded', 'v', cycle)],
        ['next bigint', () => store.compareAndSwap('guarded', 'v', 10n)],
      ];
      for (const [label, attempt] of attempts) await expect(attempt(), label).rejects.toBeInstanceOf(SchedulerError);
      expect(await store.get('guarded')).toBe('v');
    });

    it('rejects compareAndSwap and compareAndDelete after close', async (context) => {
      const store = casStore(context);
      await store.put('closing', 'v');
      await store.close();
      await expect(store.compareAndSwap('closing', 'v', 'w')).rejects.toThrow();
      await expect(store.compareAndDelete('closing', 'v')).rejects.toThrow();
    });
  });
}
