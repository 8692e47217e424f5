import { readFile, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LegionApp } from './legion-app.js';

let app: LegionApp;

// tasks/backup-task.ts appends a line to this log each time it is imported (by a scan or by its own run).
async function importCount(): Promise<number> {
  return ((await app.read('backup-imports.log')) ?? '').split('\n').filter(Boolean).length;
}

async function listJson(): Promise<{ entries: Array<Record<string, unknown>>; stderr: string }> {
  const result = await app.run(['schedule:list', '--json']);
  expect(result.code).toBe(0);
  return { entries: JSON.parse(result.stdout) as Array<Record<string, unknown>>, stderr: result.stderr };
}

async function optimize(): Promise<void> {
  const result = await app.run(['schedule:optimize']);
  expect(result.code).toBe(0);
}

beforeAll(async () => {
  app = await LegionApp.create();
});

// Each test has its own data folder, hence its own cache store and manifest.
beforeEach(async () => {
  await app.isolate();
});

afterAll(async () => {
  await app.remove();
});

describe('legion schedule:optimize', () => {
  it('caches the manifest, after which commands start without importing task files and still run them', async () => {
    await listJson();
    expect(await importCount()).toBe(1);
    const optimized = await app.run(['schedule:optimize']);
    expect(optimized.code).toBe(0);
    expect(optimized.stdout).toContain(
      'Cached the task manifest: 2 discovered tasks under "manifest:v1" in the sqlite cache store (6 tasks from schedule() are always read from the config).',
    );
    const imports = await importCount();
    const { entries, stderr } = await listJson();
    expect(await importCount()).toBe(imports);
    expect(stderr).toBe('');
    expect(entries).toHaveLength(8);
    expect(entries.find((entry) => entry.id === 'backup')).toMatchObject({
      kind: 'class',
      expression: '0 2 * * 1',
      timezone: 'Europe/Paris',
      description: 'Weekly backup of the database',
      tags: ['files'],
      onOneServer: true,
    });
    expect(entries.find((entry) => entry.id === 'ReportService.refresh')).toMatchObject({ kind: 'class', withoutOverlapping: false });
    // A task restored from the manifest runs: its child imports the class from its module.
    const run = await app.run(['schedule:run', '--force', '--tag=files']);
    expect(run.code).toBe(0);
    expect(await app.read('backup.txt')).toBe('backup ran as backup');
  });

  it('detects an edited task file, rescans, says so on stderr and rewrites the manifest', async () => {
    const file = app.path('tasks', 'backup-task.ts');
    const original = await readFile(file, 'utf8');
    await optimize();
    try {
      await writeFile(file, original.replace("expression: '0 2 * * 1'", "expression: '30 3 * * 2'"));
      const imports = await importCount();
      const stale = await listJson();
      expect(stale.stderr).toContain('task manifest was stale (tasks/backup-task.ts changed): scanned the discover folders and rewrote it');
      expect(stale.entries.find((entry) => entry.id === 'backup')).toMatchObject({ expression: '30 3 * * 2', frequency: 'At 03:30 AM, only on Tuesday' });
      expect(await importCount()).toBe(imports + 1);
      const fresh = await listJson();
      expect(fresh.stderr).toBe('');
      expect(await importCount()).toBe(imports + 1);
      expect(fresh.entries.find((entry) => entry.id === 'backup')!.expression).toBe('30 3 * * 2');
    } finally {
      await writeFile(file, original);
    }
  });

  it('detects an added task file', async () => {
    const added = app.path('tasks', 'cleanup-task.ts');
    await optimize();
    try {
      await writeFile(
        added,
        "import { Scheduled } from '@monkeyslegion/scheduler-core';\n\n@Scheduled({ expression: '0 4 * * *', name: 'cleanup' })\nexport class CleanupTask {\n  handle(): void {}\n}\n",
      );
      const { entries, stderr } = await listJson();
      expect(stderr).toContain('task manifest was stale (tasks/cleanup-task.ts was added)');
      expect(entries.map((entry) => entry.id)).toContain('cleanup');
    } finally {
      await rm(added, { force: true });
    }
  });

  it('removes the manifest with --clear, after which commands scan again', async () => {
    await optimize();
    const cleared = await app.run(['schedule:optimize', '--clear']);
    expect(cleared.code).toBe(0);
    expect(cleared.stdout).toBe('Task manifest cleared.\n');
    expect((await app.run(['schedule:optimize', '--clear'])).stdout).toBe('No task manifest was cached.\n');
    const imports = await importCount();
    const { stderr } = await listJson();
    expect(stderr).toBe('');
    expect(await importCount()).toBe(imports + 1);
  });
});
