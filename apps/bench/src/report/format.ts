import type { Summary } from '../measure/stats.js';

/** A duration in the most readable unit: `850 ns`, `12.3 µs`, `4.56 ms`, `7.89 s`. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  if (abs < 0.001) return `${round(ms * 1e6)} ns`;
  if (abs < 1) return `${round(ms * 1000)} µs`;
  if (abs < 1000) return `${round(ms)} ms`;
  return `${round(ms / 1000)} s`;
}

/** Bytes as `512 B`, `3.4 KB`, `81.2 KB`, `1.2 MB` (1 KB = 1024 B). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  const abs = Math.abs(bytes);
  if (abs < 1024) return `${round(bytes)} B`;
  if (abs < 1024 * 1024) return `${round(bytes / 1024)} KB`;
  if (abs < 1024 ** 3) return `${round(bytes / 1024 ** 2)} MB`;
  return `${round(bytes / 1024 ** 3)} GB`;
}

/** A rate such as `7.5k/s`. */
export function formatRate(perSecond: number | null | undefined, unit = '/s'): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return '—';
  if (perSecond >= 1e6) return `${round(perSecond / 1e6)}M${unit}`;
  if (perSecond >= 1e3) return `${round(perSecond / 1e3)}k${unit}`;
  return `${round(perSecond)}${unit}`;
}

/** A ratio such as `3.2×`. */
export function formatRatio(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return ratio >= 100 ? `${Math.round(ratio).toLocaleString('en-US')}×` : `${round(ratio)}×`;
}

/** A count with thousands separators. */
export function formatCount(count: number | null | undefined): string {
  if (count === null || count === undefined || !Number.isFinite(count)) return '—';
  return Math.round(count).toLocaleString('en-US');
}

/** `median (p99 x)` of a latency summary, with the sample count. */
export function medianP99(summary: Summary | null | undefined, format: (value: number) => string = formatMs): string {
  if (!summary || summary.count === 0) return '—';
  return `${format(summary.median)} (p99 ${format(summary.p99)}, n=${summary.count})`;
}

/** `median (min–max)` of repeated runs; just the value when there was one run. */
export function medianRange(summary: Summary | null | undefined, format: (value: number) => string = formatMs): string {
  if (!summary || summary.count === 0) return '—';
  if (summary.count === 1) return `${format(summary.median)} (1 run)`;
  return `${format(summary.median)} (${format(summary.min)}–${format(summary.max)}, n=${summary.count})`;
}

// Three significant digits, trailing zeros dropped.
function round(value: number): string {
  if (value === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return Number(value.toFixed(Math.min(digits, 3))).toString();
}
