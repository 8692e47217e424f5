/** Heap and resident set size after garbage collection. */
export interface MemoryReading {
  /** `process.memoryUsage().heapUsed` in bytes. */
  heapUsed: number;
  /** `process.memoryUsage().rss` in bytes. */
  rss: number;
}

/**
 * Collects garbage until the heap stops shrinking, then reads memory. Needs `--expose-gc`: without it
 * the readings would include garbage and the per-task figures would be noise.
 */
export async function settledMemory(): Promise<MemoryReading> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('settledMemory: run node with --expose-gc');
  let previous = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 8; round++) {
    gc();
    // Let weak callbacks and finalizers run between rounds.
    await new Promise((resolve) => setImmediate(resolve));
    const heapUsed = process.memoryUsage().heapUsed;
    if (heapUsed >= previous * 0.999) break;
    previous = heapUsed;
  }
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}
