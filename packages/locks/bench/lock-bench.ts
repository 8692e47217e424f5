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

/**
 * Measures `pairs` sequential acquire + release pairs on one key: the cost of one uncontended lock
 * round trip, which is what a heartbeat pays per task (overlap lock) and per slot claim.
 *
 * @example
 * const { pairsPerSecond, p50Ms, p99Ms } = await benchLocks(new FileLockProvider({ dir }), { pairs: 2000 });
 */
export async function benchLocks(provider: LockProvider, options: LockBenchOptions): Promise<LockBenchResult> {
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
  const elapsedMs = performance.now() - started;
  latencies.sort();
  return {
    pairsPerSecond: Math.round((pairs / elapsedMs) * 1000),
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
