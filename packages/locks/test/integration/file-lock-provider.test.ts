import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendUnavailableError, ConfigurationError } from '@monkeyslegion/scheduler-core';
import { FileLockProvider, lockFileName } from '../../src/file.js';
import { describeLockProviderConformance } from '../../src/testing.js';

let root: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'legion-file-locks-'));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describeLockProviderConformance('FileLockProvider', async () => {
  const dir = await fs.mkdtemp(path.join(root, 'conformance-'));
  const provider = new FileLockProvider({ dir });
  return {
    provider,
    cleanup: async () => {
      await provider.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
});

/** Every file below `dir`, relative, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  return (await fs.readdir(dir, { recursive: true })).map(String);
}

describe('FileLockProvider files', () => {
  it('creates the folder with mode 0700 and lock files with mode 0600', async () => {
    const dir = path.join(root, 'modes', 'nested');
    const provider = new FileLockProvider({ dir });
    const lease = await provider.acquire('mode', 10_000);
    expect((await fs.stat(dir)).mode & 0o777).toBe(0o700);
    expect((await fs.stat(path.join(dir, lockFileName('mode')))).mode & 0o777).toBe(0o600);
    await lease!.release();
    // Temp files and gates are cleaned up: nothing is left once the lock is released.
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('keeps the owner metadata as JSON in the lock file', async () => {
    const dir = await fs.mkdtemp(path.join(root, 'content-'));
    const provider = new FileLockProvider({ dir });
    const lease = await provider.acquire('content', 10_000, { runId: 'run-1' });
    const record = JSON.parse(await fs.readFile(path.join(dir, lockFileName('content')), 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({ key: 'content', token: lease!.token, host: os.hostname(), pid: process.pid, runId: 'run-1' });
    expect(record.expiresAt).toBe(lease!.expiresAt.getTime());
  });

  it('maps hostile keys to distinct file names inside the folder, never outside it', async () => {
    const outer = await fs.mkdtemp(path.join(root, 'hostile-'));
    const dir = path.join(outer, 'locks', 'inner');
    const provider = new FileLockProvider({ dir });
    const big = 'k'.repeat(10 * 1024);
    const keys = [
      '../escape', '../../etc/passwd', '/absolute', 'a/b', 'a:b', 'a*b', 'a?b', 'with space', '..', '.', '%2E%2E',
      'Case', 'case', 'ünïcødé', '🔒', '\u0000nul', 'a\\b', big, `${big}x`, `${big.slice(1)}x`, '\ud800', '\udc00',
    ];
    for (const key of keys) expect(await provider.acquire(key, 10_000), key.slice(0, 20)).not.toBeNull();
    for (const key of keys) await expect(provider.acquire(key, 10_000)).resolves.toBeNull();

    const names = keys.map(lockFileName);
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(keys.length);
    for (const name of names) {
      expect(name).toMatch(/^[a-z0-9_%~A-F-]+\.lock$/);
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    }
    expect((await filesUnder(dir)).sort()).toEqual([...names].sort());
    // Nothing escaped into the parent folders ("../escape", "../../etc/passwd" stay encoded inside `dir`).
    expect(await fs.readdir(outer)).toEqual(['locks']);
    expect(await fs.readdir(path.join(outer, 'locks'))).toEqual(['inner']);
    expect((await provider.list()).map((lock) => lock.key).sort()).toEqual([...keys].sort());
  });

  it('reclaims at once a lock whose owner process on this host is dead', async () => {
    const dir = await fs.mkdtemp(path.join(root, 'dead-'));
    const provider = new FileLockProvider({ dir });
    const child = spawn(process.execPath, ['-e', '']);
    const deadPid = await new Promise<number>((resolve) => child.on('exit', () => resolve(child.pid!)));
    expect(await provider.acquire('dead', 60_000, { pid: deadPid })).not.toBeNull();
    expect(await provider.list()).toEqual([]);
    const lease = await provider.acquire('dead', 60_000);
    expect(lease).not.toBeNull();
    await expect(lease!.release()).resolves.toBe(true);
  });

  it('does not judge a lock of another host by a local pid', async () => {
    const dir = await fs.mkdtemp(path.join(root, 'remote-'));
    const provider = new FileLockProvider({ dir });
    expect(await provider.acquire('remote', 60_000, { host: 'elsewhere.example', pid: 999_999_999 })).not.toBeNull();
    await expect(provider.acquire('remote', 60_000)).resolves.toBeNull();
    expect((await provider.list())[0]?.owner).toEqual({ host: 'elsewhere.example', pid: 999_999_999 });
  });

  it('reclaims a corrupt lock file (no owner can be proven)', async () => {
    const dir = await fs.mkdtemp(path.join(root, 'corrupt-'));
    const provider = new FileLockProvider({ dir });
    await fs.writeFile(path.join(dir, lockFileName('corrupt')), '{"half":', { mode: 0o600 });
    expect(await provider.acquire('corrupt', 10_000)).not.toBeNull();
  });

  it('takes over a gate left behind by a dead process', async () => {
    const dir = await fs.mkdtemp(path.join(root, 'gate-'));
    const provider = new FileLockProvider({ dir, gateWaitMs: 2000 });
    const lease = await provider.acquire('gated', 10_000);
    const child = spawn(process.execPath, ['-e', '']);
    const deadPid = await new Promise<number>((resolve) => child.on('exit', () => resolve(child.pid!)));
    const gate = { token: 'x', host: os.hostname(), pid: deadPid, createdAt: Date.now() };
    await fs.writeFile(path.join(dir, `${lockFileName('gated')}.gate`), JSON.stringify(gate));
    await expect(lease!.release()).resolves.toBe(true);
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('fails with a BackendUnavailableError when a live gate never opens', async () => {
    const dir = await fs.mkdtemp(path.join(root, 'busy-'));
    const provider = new FileLockProvider({ dir, gateWaitMs: 100 });
    const lease = await provider.acquire('busy', 10_000);
    const gate = { token: 'x', host: os.hostname(), pid: process.pid, createdAt: Date.now() };
    await fs.writeFile(path.join(dir, `${lockFileName('busy')}.gate`), JSON.stringify(gate));
    await expect(lease!.release()).rejects.toThrow(BackendUnavailableError);
  });

  it('reports an unusable folder as a BackendUnavailableError naming it', async () => {
    const file = path.join(root, 'not-a-dir');
    await fs.writeFile(file, '');
    const provider = new FileLockProvider({ dir: path.join(file, 'locks') });
    await expect(provider.acquire('x', 1000)).rejects.toThrow(/FileLockProvider: open of ".*not-a-dir\/locks" failed/);
    await expect(provider.acquire('x', 1000)).rejects.toThrow(BackendUnavailableError);
  });

  it('rejects an empty folder and a non-positive TTL with a ConfigurationError', async () => {
    expect(() => new FileLockProvider({ dir: '' })).toThrow(ConfigurationError);
    const provider = new FileLockProvider({ dir: path.join(root, 'ttl') });
    await expect(provider.acquire('x', 0)).rejects.toThrow(ConfigurationError);
    await expect(provider.acquire('', 1000)).rejects.toThrow(ConfigurationError);
  });
});
