import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BackendUnavailableError, type Clock } from '@monkeyslegion/scheduler-core';
import { uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteCacheStore } from '../../src/sqlite.js';
import { describeCacheStoreConformance } from '../../src/testing.js';

let folder: string;
beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'legion-cache-sqlite-'));
});
afterAll(() => {
  fs.rmSync(folder, { recursive: true, force: true });
});

describeCacheStoreConformance('sqlite', async () => {
  // One file for the whole suite: each fixture gets its own namespace in it.
  const store = new SqliteCacheStore({ file: path.join(folder, 'conformance.db'), prefix: `${uniqueTestPrefix('sqlite')}:` });
  return {
    store,
    cleanup: async () => {
      await store.close();
      const db = new Database(store.file);
      db.prepare('DELETE FROM legion_cache WHERE substr(key, 1, length(?)) = ?').run(store.prefix, store.prefix);
      db.close();
    },
  };
}, { requireCompareAndSwap: true });

function fakeClock(start: number): Clock & { set(now: number): void } {
  let now = start;
  return { now: () => now, set: (next) => void (now = next) };
}

describe('SqliteCacheStore', () => {
  it('keeps a key visible while now < t + ttlMs and hides it from now = t + ttlMs on', async () => {
    const clock = fakeClock(10_000);
    const store = new SqliteCacheStore({ file: path.join(folder, 'boundary.db'), clock });
    await store.put('k', 'v', 100);
    expect(await store.add('claim', 'first', 200)).toBe(true);
    clock.set(10_099);
    expect(await store.get('k')).toBe('v');
    expect(await store.keys('')).toEqual(['claim', 'k']);
    clock.set(10_100);
    expect(await store.get('k')).toBeUndefined();
    expect(await store.keys('')).toEqual(['claim']);
    clock.set(10_199);
    expect(await store.add('claim', 'second', 200)).toBe(false);
    clock.set(10_200);
    expect(await store.add('claim', 'third', 200)).toBe(true);
    expect(await store.get('claim')).toBe('third');
    await store.close();
  });

  it('creates its folder owner-only (0700) and the database file owner-only (0600)', async () => {
    const file = path.join(folder, 'fresh', 'nested', 'scheduler.db');
    const store = new SqliteCacheStore({ file });
    await store.put('k', 1);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(`${file}-wal`).mode & 0o777).toBe(0o600);
    await store.close();
  });

  it('runs the database in WAL mode with the default key prefix and one table', async () => {
    const file = path.join(folder, 'layout.db');
    const store = new SqliteCacheStore({ file });
    await store.put('answer', 42, 60_000);
    await store.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT key, value FROM legion_cache').all()).toEqual([{ key: 'legion:answer', value: '42' }]);
    db.close();
  });

  it('purges expired rows on a write once the purge interval has passed', async () => {
    const clock = fakeClock(0);
    const file = path.join(folder, 'purge.db');
    const store = new SqliteCacheStore({ file, clock, purgeIntervalMs: 1000 });
    await store.put('old', 1, 10);
    clock.set(500);
    await store.put('new', 1);
    const db = new Database(file, { readonly: true });
    const rows = () => db.prepare('SELECT key FROM legion_cache ORDER BY key').pluck().all();
    expect(rows()).toEqual(['legion:new', 'legion:old']);
    clock.set(1500);
    await store.put('newer', 1);
    expect(rows()).toEqual(['legion:new', 'legion:newer']);
    db.close();
    await store.close();
  });

  it('fails with a BackendUnavailableError naming the file when it cannot be opened', () => {
    const blocker = path.join(folder, 'not-a-folder');
    fs.writeFileSync(blocker, 'x');
    const file = path.join(blocker, 'scheduler.db');
    expect(() => new SqliteCacheStore({ file })).toThrow(BackendUnavailableError);
    expect(() => new SqliteCacheStore({ file })).toThrow(`SqliteCacheStore: cannot open "${file}"`);
  });

  it('lets compareAndSwap and compareAndDelete act until one millisecond before expiry but not at the expiry instant', async () => {
    const clock = fakeClock(10_000);
    const store = new SqliteCacheStore({ file: path.join(folder, 'cas-boundary.db'), clock });
    await store.put('swap', 'v1', 100);
    await store.put('delete', 'v1', 100);
    clock.set(10_099);
    expect(await store.compareAndSwap('swap', 'v1', 'v2', 100)).toBe(true);
    expect(await store.compareAndDelete('delete', 'v1')).toBe(true);
    await store.put('late', 'v1', 100);
    clock.set(10_198);
    expect(await store.get('swap')).toBe('v2');
    clock.set(10_199);
    expect(await store.compareAndSwap('swap', 'v2', 'v3')).toBe(false);
    expect(await store.compareAndDelete('late', 'v1')).toBe(false);
    await store.close();
  });

  it('keeps swapped values as the same JSON text put writes, so a later swap compares equal', async () => {
    const file = path.join(folder, 'cas-text.db');
    const store = new SqliteCacheStore({ file, prefix: 'cas:' });
    const value = { token: 'a', nested: { list: [1, 'two', null], text: 'ünï 🦊 "q"' } };
    await store.put('k', value);
    expect(await store.compareAndSwap('k', structuredClone(value), { ...value, token: 'b' }, 60_000)).toBe(true);
    const db = new Database(file, { readonly: true });
    const row = db.prepare('SELECT value FROM legion_cache WHERE key = ?').get('cas:k') as { value: string };
    db.close();
    expect(row.value).toBe(JSON.stringify({ ...value, token: 'b' }));
    expect(await store.compareAndDelete('k', { ...value, token: 'b' })).toBe(true);
    await store.close();
  });

  it('wraps a failing compareAndSwap in a BackendUnavailableError naming the file and the operation', async () => {
    const file = path.join(folder, 'cas-broken.db');
    const store = new SqliteCacheStore({ file });
    await store.put('k', 'v');
    const db = new Database(file);
    db.exec('CREATE TRIGGER refuse BEFORE UPDATE ON legion_cache BEGIN SELECT RAISE(ABORT, \'no updates today\'); END');
    db.close();
    const error = await store.compareAndSwap('k', 'v', 'w').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).toBe(`SqliteCacheStore: compareAndSwap on "${file}" failed: no updates today`);
    expect(await store.get('k')).toBe('v');
    await store.close();
  });

  it('sees what another connection to the same file wrote', async () => {
    const file = path.join(folder, 'shared.db');
    const writer = new SqliteCacheStore({ file, prefix: 'app:' });
    const reader = new SqliteCacheStore({ file, prefix: 'app:' });
    expect(await writer.add('slot', 'writer', 60_000)).toBe(true);
    expect(await reader.add('slot', 'reader', 60_000)).toBe(false);
    expect(await reader.get('slot')).toBe('writer');
    expect(await reader.increment('count')).toBe(1);
    expect(await writer.increment('count')).toBe(2);
    await writer.close();
    await reader.close();
  });
});
