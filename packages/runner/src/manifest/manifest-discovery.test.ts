import { mkdtemp, rm, utimes, writeFile, mkdir, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { MemoryCacheStore } from '@monkeyslegion/scheduler-cache';
import { CACHE_STORE, Scheduled, resolveConfig, type ModuleImporter, type ResolvedConfig, type TaskDiscoveryContext } from '@monkeyslegion/scheduler-core';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manifestDiscovery, clearManifest, type ManifestDiscoveryOutcome } from './manifest-discovery.js';
import { MANIFEST_KEY, type TaskManifest } from './task-manifest.js';

@Scheduled({ expression: '*/5 * * * *', name: 'report', tags: ['reports'], description: 'Daily report', onOneServer: true, timeout: '2m' })
class ReportTask {
  handle(): void {}
}

class Billing {
  @Scheduled({ expression: '0 2 * * 1', timezone: 'Europe/Paris', allowOverlapping: true, overlapTtl: '10m' })
  invoices(): void {}
}

let dir: string;
let config: ResolvedConfig;
let cache: MemoryCacheStore;
let imported: string[];
let logLines: string[];

// The importer stands in for jiti: it counts imports, which is what a fresh manifest must avoid.
const importModule: ModuleImporter = async (file) => {
  imported.push(path.basename(file));
  if (file.endsWith('report.ts')) return { ReportTask };
  if (file.endsWith('billing.ts')) return { Billing };
  return {};
};

function logger() {
  return pino({ level: 'info' }, new Writable({ write: (chunk, _encoding, done) => (logLines.push(String(chunk)), done()) }));
}

// The discovery context the scheduler plugin passes: the cache store is resolved from the container.
function context(store: MemoryCacheStore | undefined): TaskDiscoveryContext {
  return {
    config,
    importModule,
    has: (token) => token === CACHE_STORE && store !== undefined,
    resolve: (<T,>(token: unknown) => {
      if (token !== CACHE_STORE || !store) throw new Error('nothing bound');
      return store as T;
    }) as TaskDiscoveryContext['resolve'],
    logger: pino({ level: 'silent' }),
  };
}

async function discover(mode: 'auto' | 'rebuild' = 'auto') {
  const outcomes: ManifestDiscoveryOutcome[] = [];
  const discovery = manifestDiscovery({ logger: logger(), mode, onOutcome: (outcome) => outcomes.push(outcome) });
  const tasks = await discovery(context(cache));
  return { tasks, outcome: outcomes[0]! };
}

async function touch(file: string, content?: string): Promise<void> {
  if (content !== undefined) await writeFile(file, content);
  const later = new Date(Date.now() + 5_000);
  await utimes(file, later, later);
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'legion-manifest-'));
  await mkdir(path.join(dir, 'tasks'));
  await writeFile(path.join(dir, 'scheduler.config.ts'), 'export default {}\n');
  await writeFile(path.join(dir, 'tasks', 'report.ts'), '// report\n');
  await writeFile(path.join(dir, 'tasks', 'billing.ts'), '// billing\n');
  config = resolveConfig({ timezone: 'UTC', discover: ['./tasks'] }, { configFile: path.join(dir, 'scheduler.config.ts') });
  cache = new MemoryCacheStore();
  imported = [];
  logLines = [];
});

afterEach(async () => {
  await cache.close();
  await rm(dir, { recursive: true, force: true });
});

describe('manifestDiscovery', () => {
  it('scans and writes nothing when no manifest was ever written', async () => {
    const { tasks, outcome } = await discover();
    expect(outcome).toEqual({ state: 'absent', tasks: 2 });
    expect(tasks.map((entry) => entry.task.id).sort()).toEqual(['Billing.invoices', 'report']);
    expect(await cache.get(MANIFEST_KEY)).toBeUndefined();
  });

  it('writes every field of every discovered task and the fingerprint in rebuild mode', async () => {
    const { outcome } = await discover('rebuild');
    expect(outcome).toEqual({ state: 'written', tasks: 2 });
    const manifest = (await cache.get<TaskManifest>(MANIFEST_KEY))!;
    expect(manifest.version).toBe(1);
    const report = manifest.tasks.find((entry) => entry.id === 'report');
    expect(report).toEqual({
      id: 'report',
      kind: 'class',
      expression: '*/5 * * * *',
      timezone: 'UTC',
      description: 'Daily report',
      tags: ['reports'],
      onOneServer: true,
      withoutOverlapping: true,
      overlapTtlMs: 3_600_000,
      timeoutMs: 120_000,
      method: 'handle',
      module: { file: path.join(dir, 'tasks', 'report.ts'), exportName: 'ReportTask' },
      source: path.join(dir, 'tasks', 'report.ts'),
    });
    const billing = manifest.tasks.find((entry) => entry.id === 'Billing.invoices');
    expect(billing).toMatchObject({ timezone: 'Europe/Paris', withoutOverlapping: false, overlapTtlMs: 600_000, timeoutMs: null, method: 'invoices' });
    expect(manifest.sources.files.map(([file]) => path.basename(file))).toEqual(['billing.ts', 'report.ts']);
    expect(manifest.sources.configFile?.[0]).toBe(path.join(dir, 'scheduler.config.ts'));
    expect(manifest.sources.timezone).toBe('UTC');
  });

  it('rebuilds the tasks from a fresh manifest without importing any task file', async () => {
    await discover('rebuild');
    imported = [];
    const { tasks, outcome } = await discover();
    expect(outcome).toEqual({ state: 'fresh', tasks: 2 });
    expect(imported).toEqual([]);
    const report = tasks.find((entry) => entry.task.id === 'report')!;
    expect(report.task.target).toEqual({ class: null, method: 'handle', module: { file: path.join(dir, 'tasks', 'report.ts'), exportName: 'ReportTask' } });
    expect(report.file).toBe(path.join(dir, 'tasks', 'report.ts'));
    expect(report.task.nextRunAt(new Date('2026-01-01T00:01:00Z')).toISOString()).toBe('2026-01-01T00:05:00.000Z');
    expect(report.task.timeoutMs).toBe(120_000);
    expect(report.task.onOneServer).toBe(true);
  });

  it('detects a changed task file, rescans, logs the rebuild and rewrites the manifest', async () => {
    await discover('rebuild');
    await touch(path.join(dir, 'tasks', 'report.ts'), '// report, edited\n');
    imported = [];
    const stale = await discover();
    expect(stale.outcome).toEqual({ state: 'stale', tasks: 2, reason: `${path.join('tasks', 'report.ts')} changed` });
    expect(imported.sort()).toEqual(['billing.ts', 'report.ts']);
    expect(logLines.join('')).toContain('task manifest was stale (tasks/report.ts changed)');
    imported = [];
    expect((await discover()).outcome.state).toBe('fresh');
    expect(imported).toEqual([]);
  });

  it('counts an added file and a removed file as changes', async () => {
    await discover('rebuild');
    await writeFile(path.join(dir, 'tasks', 'helper.json'), '{}');
    expect((await discover()).outcome).toMatchObject({ state: 'stale', reason: `${path.join('tasks', 'helper.json')} was added` });
    await unlink(path.join(dir, 'tasks', 'billing.ts'));
    const removed = await discover();
    expect(removed.outcome).toMatchObject({ state: 'stale', reason: `${path.join('tasks', 'billing.ts')} was removed`, tasks: 1 });
  });

  it('detects a changed config file and a changed default timezone', async () => {
    await discover('rebuild');
    await touch(path.join(dir, 'scheduler.config.ts'));
    expect((await discover()).outcome).toMatchObject({ state: 'stale', reason: 'config file scheduler.config.ts changed' });
    config = resolveConfig({ timezone: 'Asia/Tokyo', discover: ['./tasks'] }, { configFile: path.join(dir, 'scheduler.config.ts') });
    const changed = await discover();
    expect(changed.outcome).toMatchObject({ state: 'stale', reason: 'default timezone changed (UTC -> Asia/Tokyo)' });
    expect(changed.tasks.find((entry) => entry.task.id === 'report')!.task.timezone).toBe('Asia/Tokyo');
  });

  it('treats a value under the manifest key that is not a manifest as stale', async () => {
    await cache.put(MANIFEST_KEY, { version: 99, tasks: 'nope' });
    expect((await discover()).outcome).toMatchObject({ state: 'stale', reason: 'the stored manifest is not readable' });
    expect((await cache.get<TaskManifest>(MANIFEST_KEY))!.version).toBe(1);
  });

  it('treats a manifest entry that no longer makes a valid task as stale', async () => {
    await discover('rebuild');
    const manifest = (await cache.get<TaskManifest>(MANIFEST_KEY))!;
    manifest.tasks[0]!.expression = '61 * * * *';
    await cache.put(MANIFEST_KEY, manifest);
    const { outcome } = await discover();
    expect(outcome.state).toBe('stale');
    expect((outcome as { reason: string }).reason).toContain('a stored task is invalid');
  });

  it('scans when no cache store is bound', async () => {
    const outcomes: ManifestDiscoveryOutcome[] = [];
    const tasks = await manifestDiscovery({ onOutcome: (outcome) => outcomes.push(outcome) })(context(undefined));
    expect(tasks).toHaveLength(2);
    expect(outcomes).toEqual([{ state: 'absent', tasks: 2 }]);
  });

  it('ignores the data folder when it lies inside a discover folder', async () => {
    await mkdir(path.join(dir, 'tasks', 'data-visible'));
    config = resolveConfig({ timezone: 'UTC', discover: ['./tasks'], dataDir: './tasks/data-visible' }, { configFile: path.join(dir, 'scheduler.config.ts') });
    await discover('rebuild');
    await writeFile(path.join(dir, 'tasks', 'data-visible', 'scheduler.db'), 'x');
    expect((await discover()).outcome.state).toBe('fresh');
  });

  it('clearManifest removes the manifest and says whether there was one', async () => {
    await discover('rebuild');
    expect(await clearManifest(cache)).toBe(true);
    expect(await clearManifest(cache)).toBe(false);
    expect((await discover()).outcome.state).toBe('absent');
  });
});
