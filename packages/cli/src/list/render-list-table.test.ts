import { describe, expect, it } from 'vitest';
import { colorsFor } from '../format/colors.js';
import type { ListEntry } from './list-entry.js';
import { renderListTable } from './render-list-table.js';

const now = Date.parse('2026-03-02T00:57:48Z');

function entry(overrides: Partial<ListEntry>): ListEntry {
  return {
    id: 'task',
    kind: 'command',
    expression: '* * * * *',
    timezone: 'UTC',
    description: null,
    tags: [],
    onOneServer: false,
    withoutOverlapping: true,
    nextRunAt: null,
    lastRunAt: null,
    lastStatus: null,
    lastExitCode: null,
    lastDurationMs: null,
    running: 0,
    frequency: 'Every minute',
    runs: [],
    locks: [],
    ...overrides,
  };
}

const entries: ListEntry[] = [
  entry({
    id: 'reports:hourly-digest-for-every-customer-account',
    expression: '*/5 * * * *',
    frequency: 'Every 5 minutes',
    nextRunAt: '2026-03-02T01:00:00.000Z',
    lastRunAt: '2026-03-02T00:55:00.000Z',
    lastStatus: 'success',
    lastExitCode: 0,
    lastDurationMs: 1234,
    tags: ['reports', 'email'],
    description: 'Sends the hourly digest to every customer account that opted in',
  }),
  entry({
    id: 'backup',
    kind: 'class',
    expression: '0 2 * * 1',
    timezone: 'Europe/Paris',
    frequency: 'At 02:00 AM, only on Monday',
    nextRunAt: '2026-03-09T01:00:00.000Z',
    lastRunAt: '2026-02-23T01:00:00.000Z',
    lastStatus: 'failed',
    lastExitCode: 3,
    onOneServer: true,
    withoutOverlapping: false,
    running: 1,
    runs: [{ pid: 4242, host: 'other', runId: 'r1', startedAt: '2026-03-02T00:57:00.000Z' }],
    locks: [{ host: 'other', pid: 4200, runId: 'r1', acquiredAt: null, expiresAt: '2026-03-02T01:57:00.000Z' }],
  }),
];

describe('renderListTable', () => {
  it('shows wall-clock next runs in the display timezone with a countdown, ages, statuses and flags', () => {
    const text = renderListTable(entries, { now, timezone: 'Asia/Tokyo', colors: colorsFor(false), host: 'here' });
    const [header, first, second, blank, summary] = text.split('\n');
    expect(header).toMatch(/^ID +FREQUENCY +EXPRESSION +TIMEZONE +NEXT RUN \(Asia\/Tokyo\) +COUNTDOWN +LAST RUN +STATUS +TAGS +FLAGS +DESCRIPTION$/);
    expect(first).toMatch(/^reports:hourly-digest-for-every-customer-account +Every 5 minutes +\*\/5 \* \* \* \* +UTC +2026-03-02 10:00:00 +in 2 min 12 s +2 min 48 s ago +success 1\.2 s +reports, email +Sends the hourly digest/);
    expect(second).toMatch(/^backup +At 02:00 AM, only on Monday +0 2 \* \* 1 +Europe\/Paris +2026-03-09 10:00:00 +in 7 d +6 d 23 h ago +running +one-server, overlapping$/);
    expect(blank).toBe('');
    expect(summary).toBe('2 tasks · 1 running · 1 failing · times in Asia/Tokyo');
  });

  it('adds the locks and pids of each task when verbose, marking other hosts', () => {
    const text = renderListTable(entries, { now, timezone: 'UTC', colors: colorsFor(false), host: 'here', verbose: true });
    const [header, , second] = text.split('\n');
    expect(header).toMatch(/ FLAGS +LOCK +PIDS +DESCRIPTION$/);
    expect(second).toMatch(/one-server, overlapping +other:4200 until 2026-03-02 01:57:00 +4242@other$/);
  });

  it('fits a narrow terminal by cutting descriptions, frequencies and ids with an ellipsis', () => {
    const text = renderListTable(entries, { now, timezone: 'UTC', colors: colorsFor(false), host: 'here', maxWidth: 160 });
    const lines = text.split('\n').slice(0, 3);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(160);
    expect(lines[1]).toContain('…');
    expect(lines[1]!.startsWith('reports:hourly-digest-for-every-customer-account ')).toBe(false);
  });

  it('colours statuses when colours are on', () => {
    const text = renderListTable(entries, { now, timezone: 'UTC', colors: colorsFor(true), host: 'here' });
    expect(text).toContain('\u001b[32msuccess 1.2 s\u001b[39m');
  });
});

describe('renderListTable on an 80-column terminal', () => {
  it('keeps id, frequency, next run, countdown and status and drops the rest to fit', () => {
    const text = renderListTable(entries, { now, timezone: 'UTC', colors: colorsFor(false), host: 'here', maxWidth: 80 });
    const lines = text.split('\n');
    for (const line of lines.slice(0, 3)) expect([...line].length).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^ID +FREQUENCY +NEXT RUN \(UTC\) +COUNTDOWN +STATUS$/);
    expect(lines[2]).toMatch(/^backup +At 02:00 AM,?… +2026-03-09 01:00:00 +in 7 d +running$/);
    expect(lines[1]).toMatch(/^reports:hour\S*… +Every 5 minu\S* +2026-03-02 01:00:00 +in 2 min 12 s +success 1\.2 s$/);
  });
});
