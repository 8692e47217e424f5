import type { LockProvider } from '@monkeyslegion/scheduler-core';

/** Options of `benchLocks`. */
export interface LockBenchOptions {
  /** Acquire + release pairs to run, one after another. */
  pairs: number;
  /**
   * The key every pair locks; it must be free.
   * @default 'bench:lock'
   */
  key?: string;
  /**
   * TTL of each lease in milliseconds.
   * @default 30000
   */
  ttlMs?: number;
}

/** Throughput and latency of sequential acquire + release pairs. */
export interface LockBenchResult {
  /** Completed pairs per second of wall time. */
  pairsPerSecond: number;
  /** Median pair latency in milliseconds. */
  p50Ms: number;
  /** 99th-percentile pair latency in milliseconds. */
  p99Ms: number;
}

/** Raw timings of sequential acquire + release pairs, for callers that interleave several subjects. */
export interface LockPairTimings {
  /** Wall time of all pairs, in milliseconds. */
  elapsedMs: number;
  /** Each pair's latency in milliseconds, in run order. */
  latencies: Float64Array;
}

/**
 * Measures `pairs` sequential acquire + release pairs on one key: the cost of one uncontended lock
 * round trip, which is what a heartbeat pays per task (overlap lock) and per slot claim.
 *
 * @example
 * const { pairsPerSecond, p50Ms, p99Ms } = await benchLocks(new FileLockProvider({ dir }), { pairs: 2000 });
 */
export async function benchLocks(provider: LockProvider, options: LockBenchOptions): Promise<LockBenchResult> {
  return summarizeLockPairs([await timeLockPairs(provider, options)]);
}

/**
 * Runs `pairs` sequential acquire + release pairs and returns the raw timings.
 *
 * @example
 * const timings = await timeLockPairs(provider, { pairs: 100 });
 */
export async function timeLockPairs(provider: Pick<LockProvider, 'name' | 'acquire'>, options: LockBenchOptions): Promise<LockPairTimings> {
  const { pairs, key = 'bench:lock', ttlMs = 30_000 } = options;
  if (!Number.isInteger(pairs) || pairs < 1) throw new RangeError(`benchLocks: pairs must be a positive integer, got ${pairs}`);
  const latencies = new Float64Array(pairs);
  const started = performance.now();
  for (let pair = 0; pair < pairs; pair += 1) {
    const pairStarted = performance.now();
    const lease = await provider.acquire(key, ttlMs);
    if (lease === null) throw new Error(`benchLocks: key "${key}" is held by someone else on ${provider.name}`);
    if (!(await lease.release())) throw new Error(`benchLocks: release of "${key}" failed on ${provider.name}`);
    latencies[pair] = performance.now() - pairStarted;
  }
  return { elapsedMs: performance.now() - started, latencies };
}

/**
 * Pairs per second, p50 and p99 over several timing chunks of one subject taken as one measurement.
 *
 * @example
 * summarizeLockPairs([await timeLockPairs(provider, { pairs: 100 }), await timeLockPairs(provider, { pairs: 100 })]);
 */
export function summarizeLockPairs(chunks: readonly LockPairTimings[]): LockBenchResult {
  const count = chunks.reduce((sum, chunk) => sum + chunk.latencies.length, 0);
  const elapsedMs = chunks.reduce((sum, chunk) => sum + chunk.elapsedMs, 0);
  const latencies = new Float64Array(count);
  let offset = 0;
  for (const chunk of chunks) {
    latencies.set(chunk.latencies, offset);
    offset += chunk.latencies.length;
  }
  latencies.sort();
  return {
    pairsPerSecond: Math.round((count / elapsedMs) * 1000),
    p50Ms: round(percentile(latencies, 0.5)),
    p99Ms: round(percentile(latencies, 0.99)),
  };
}

function percentile(sorted: Float64Array, fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
