import type { Colors } from '../format/colors.js';
import { formatAgo, formatCountdown, formatRunDuration } from '../format/format-duration.js';
import { renderTable, type TableCell, type TableColumn } from '../format/render-table.js';
import { ZonedTimeFormatter } from '../format/zoned-time-formatter.js';
import type { ListEntry } from './list-entry.js';

/** Options of `renderListTable`. */
export interface RenderListOptions {
  /** The instant countdowns and ages are measured from. */
  now: number;
  /** IANA zone the wall-clock times are shown in. */
  timezone: string;
  /** Colours (picocolors, possibly disabled). */
  colors: Colors;
  /** Fit the table to this many columns (a TTY's width); unlimited when omitted. */
  maxWidth?: number;
  /** Add the locks and running pids columns. @default false */
  verbose?: boolean;
  /** This host, so pids of other hosts can be marked. */
  host: string;
}

/** The `schedule:list` table: one row per task, sorted as given, plus a one-line summary. */
export function renderListTable(entries: readonly ListEntry[], options: RenderListOptions): string {
  const { colors, now } = options;
  const clock = new ZonedTimeFormatter(options.timezone);
  const columns: TableColumn[] = [
    // On a narrow terminal the least useful columns go first: description, expression, flags, tags …
    { header: 'ID', shrink: 3, minWidth: 12 },
    { header: 'FREQUENCY', shrink: 4, minWidth: 14 },
    { header: 'EXPRESSION', shrink: 1, minWidth: 9, drop: 8 },
    { header: 'TIMEZONE', shrink: 1, minWidth: 8, drop: 4 },
    { header: `NEXT RUN (${options.timezone})` },
    { header: 'COUNTDOWN' },
    { header: 'LAST RUN', drop: 2 },
    { header: 'STATUS' },
    { header: 'TAGS', shrink: 2, minWidth: 6, drop: 5 },
    { header: 'FLAGS', shrink: 2, minWidth: 6, drop: 6 },
  ];
  if (options.verbose) columns.push({ header: 'LOCK', shrink: 2, minWidth: 10, drop: 3 }, { header: 'PIDS', shrink: 2, minWidth: 6, drop: 3 });
  columns.push({ header: 'DESCRIPTION', shrink: 5, minWidth: 11, drop: 9 });
  const rows = entries.map((entry): TableCell[] => {
    const next = entry.nextRunAt ? Date.parse(entry.nextRunAt) : null;
    const last = entry.lastRunAt ? Date.parse(entry.lastRunAt) : null;
    const cells: TableCell[] = [
      { text: entry.id, style: colors.bold },
      { text: entry.frequency },
      { text: entry.expression, style: colors.dim },
      { text: entry.timezone },
      { text: next === null ? '-' : clock.wallClock(new Date(next)) },
      { text: next === null ? 'never' : formatCountdown(next, now), style: colors.cyan },
      { text: last === null ? 'never' : formatAgo(last, now), style: last === null ? colors.dim : undefined },
      statusCell(entry, colors),
      { text: entry.tags.join(', ') },
      { text: flags(entry), style: colors.yellow },
    ];
    if (options.verbose) {
      cells.push(
        { text: entry.locks.map((lock) => `${lock.host}:${lock.pid} until ${clock.wallClock(new Date(lock.expiresAt))}`).join('; ') || '-' },
        { text: entry.runs.map((run) => (run.host === options.host ? String(run.pid) : `${run.pid}@${run.host}`)).join(', ') || '-' },
      );
    }
    cells.push({ text: entry.description ?? '', style: colors.dim });
    return cells;
  });
  const table = renderTable(columns, rows, { maxWidth: options.maxWidth, headerStyle: (text) => colors.bold(colors.underline(text)) });
  return `${table}\n\n${summary(entries, options.timezone)}`;
}

function statusCell(entry: ListEntry, colors: Colors): TableCell {
  if (entry.running > 0) return { text: entry.running === 1 ? 'running' : `running ×${entry.running}`, style: colors.blue };
  const duration = entry.lastDurationMs === null ? '' : ` ${formatRunDuration(entry.lastDurationMs)}`;
  switch (entry.lastStatus) {
    case null:
      return { text: '-', style: colors.dim };
    case 'success':
      return { text: `success${duration}`, style: colors.green };
    case 'failed':
      return { text: `failed (exit ${entry.lastExitCode ?? '?'})`, style: colors.red };
    case 'timeout':
      return { text: 'timeout', style: colors.red };
    case 'interrupted':
      return { text: 'interrupted', style: colors.yellow };
    case 'skipped':
      return { text: 'skipped', style: colors.yellow };
    default:
      return { text: String(entry.lastStatus) };
  }
}

function flags(entry: ListEntry): string {
  const flags: string[] = [];
  if (entry.onOneServer) flags.push('one-server');
  if (!entry.withoutOverlapping) flags.push('overlapping');
  return flags.join(', ');
}

function summary(entries: readonly ListEntry[], timezone: string): string {
  const running = entries.reduce((sum, entry) => sum + entry.running, 0);
  const failing = entries.filter((entry) => entry.lastStatus === 'failed' || entry.lastStatus === 'timeout').length;
  const parts = [`${entries.length} task${entries.length === 1 ? '' : 's'}`, `${running} running`, `${failing} failing`, `times in ${timezone}`];
  return parts.join(' · ');
}
