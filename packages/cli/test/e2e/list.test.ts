import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LegionApp } from './legion-app.js';

let app: LegionApp;

// The documented contract of `schedule:list --json`: these keys, these types (times ISO-8601 UTC or null).
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DOCUMENTED_FIELDS: Record<string, (value: unknown) => boolean> = {
  id: (value) => typeof value === 'string' && value !== '',
  kind: (value) => value === 'command' || value === 'closure' || value === 'class',
  expression: (value) => typeof value === 'string' && /^\S+( \S+){4,5}$/.test(value),
  timezone: (value) => typeof value === 'string' && value !== '',
  description: (value) => value === null || typeof value === 'string',
  tags: (value) => Array.isArray(value) && value.every((tag) => typeof tag === 'string'),
  onOneServer: (value) => typeof value === 'boolean',
  withoutOverlapping: (value) => typeof value === 'boolean',
  nextRunAt: (value) => value === null || (typeof value === 'string' && ISO_UTC.test(value)),
  lastRunAt: (value) => value === null || (typeof value === 'string' && ISO_UTC.test(value)),
  lastStatus: (value) => value === null || ['success', 'failed', 'timeout', 'interrupted', 'skipped'].includes(value as string),
  lastExitCode: (value) => value === null || Number.isInteger(value),
  lastDurationMs: (value) => value === null || (typeof value === 'number' && value >= 0),
  running: (value) => Number.isInteger(value) && (value as number) >= 0,
};

beforeAll(async () => {
  app = await LegionApp.create();
});

beforeEach(async () => {
  await app.isolate();
});

afterAll(async () => {
  await app.remove();
});

describe('legion schedule:list --json', () => {
  it('prints only a JSON array whose entries carry every documented field with the documented type', async () => {
    const result = await app.run(['schedule:list', '--json']);
    expect(result.code).toBe(0);
    const entries = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(entries.map((entry) => entry.id).sort()).toEqual(
      ['ReportService.refresh', 'always-fails', 'backup', 'echo-lines', 'pulse-five-seconds', 'record-payload', 'sleeper', 'write-file'],
    );
    for (const entry of entries) {
      for (const [field, valid] of Object.entries(DOCUMENTED_FIELDS)) {
        expect(field in entry, `${String(entry.id)} has ${field}`).toBe(true);
        expect(valid(entry[field]), `${String(entry.id)}.${field} = ${JSON.stringify(entry[field])}`).toBe(true);
      }
    }
  });

  it('reports each task exactly as declared, sorted by next run', async () => {
    const before = Date.now();
    const entries = JSON.parse((await app.run(['schedule:list', '--json'])).stdout) as Array<Record<string, unknown>>;
    const nextRuns = entries.map((entry) => Date.parse(entry.nextRunAt as string));
    expect([...nextRuns].sort((a, b) => a - b)).toEqual(nextRuns);
    const backup = entries.find((entry) => entry.id === 'backup')!;
    expect(backup).toMatchObject({
      kind: 'class',
      expression: '0 2 * * 1',
      timezone: 'Europe/Paris',
      description: 'Weekly backup of the database',
      tags: ['files'],
      onOneServer: true,
      withoutOverlapping: true,
      lastRunAt: null,
      lastStatus: null,
      lastExitCode: null,
      lastDurationMs: null,
      running: 0,
      frequency: 'At 02:00 AM, only on Monday',
    });
    // 02:00 in Paris is 00:00 or 01:00 UTC, on a Monday, within the next week.
    const next = new Date(backup.nextRunAt as string);
    expect(next.getUTCDay()).toBe(1);
    expect([0, 1]).toContain(next.getUTCHours());
    expect(next.getTime() - before).toBeLessThanOrEqual(7 * 86_400_000);
    const refresh = entries.find((entry) => entry.id === 'ReportService.refresh')!;
    expect(refresh).toMatchObject({ kind: 'class', withoutOverlapping: false, onOneServer: false, tags: [], frequency: 'Every 15 minutes' });
    const pulse = entries.find((entry) => entry.id === 'pulse-five-seconds')!;
    expect(pulse).toMatchObject({ kind: 'command', expression: '*/5 * * * * *', frequency: 'Every 5 seconds' });
    expect(entries.find((entry) => entry.id === 'record-payload')).toMatchObject({ kind: 'closure', frequency: 'At 03:30 AM, only on Sunday' });
  });

  it('filters by every given --tag', async () => {
    const files = JSON.parse((await app.run(['schedule:list', '--json', '--tag=files'])).stdout) as Array<{ id: string }>;
    expect(files.map((entry) => entry.id).sort()).toEqual(['backup', 'write-file']);
    const both = JSON.parse((await app.run(['schedule:list', '--json', '--tag=files', '--tag=slow'])).stdout) as unknown[];
    expect(both).toEqual([]);
  });
});

describe('legion schedule:list table', () => {
  it('shows id, frequency in words, expression, timezone, next run with countdown, last run, status, tags and flags', async () => {
    const result = await app.run(['schedule:list', '--timezone=Asia/Tokyo']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +FREQUENCY +EXPRESSION +TIMEZONE +NEXT RUN \(Asia\/Tokyo\) +COUNTDOWN +LAST RUN +STATUS +TAGS +FLAGS +DESCRIPTION$/);
    const backup = lines.find((line) => line.startsWith('backup '))!;
    expect(backup).toMatch(
      /^backup +At 02:00 AM, only on Monday +0 2 \* \* 1 +Europe\/Paris +\d{4}-\d{2}-\d{2} (09|10):00:00 +in \d+ (d|h)( \d+ (h|min))? +never +- +files +one-server +Weekly backup of the database$/,
    );
    expect(lines.find((line) => line.startsWith('ReportService.refresh '))).toMatch(/Every 15 minutes .* overlapping +Refreshes the dashboard figures$/);
    expect(lines.at(-1)).toBe('8 tasks · 0 running · 0 failing · times in Asia/Tokyo');
    // Not a TTY: no colour escapes.
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('adds colours only when asked for through FORCE_COLOR, and NO_COLOR wins over a terminal', async () => {
    const forced = await app.run(['schedule:list', '--tag=files'], { FORCE_COLOR: '1' });
    expect(forced.stdout).toContain('\u001b[');
    const plain = await app.run(['schedule:list', '--tag=files'], { NO_COLOR: '1' });
    expect(plain.stdout).not.toContain('\u001b[');
  });

  it('says so when no task carries the tag', async () => {
    const result = await app.run(['schedule:list', '--tag=nothing-has-this']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('No task carries the tag(s) nothing-has-this.\n');
  });
});
