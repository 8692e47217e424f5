/** One memory sample of a process, taken after a forced GC. */
export interface MemorySample {
  hour: number;
  rss: number;
  heapUsed: number;
  external: number;
}

/** What a series of samples says about a process's memory. */
export interface MemoryTrend {
  /** Sample taken once the process was warm (the first simulated hour done). */
  warm: MemorySample;
  /** The last sample. */
  end: MemorySample;
  /** Least-squares slope of heapUsed from the warm sample on, in bytes per simulated hour. */
  heapSlopePerHour: number;
  /** Highest heapUsed from the warm sample on. */
  heapPeak: number;
  /** Highest RSS from the warm sample on. */
  rssPeak: number;
}

/** Summarizes samples from `warmHour` on (the first hours load code and fill caches once). */
export function memoryTrend(samples: readonly MemorySample[], warmHour = 1): MemoryTrend {
  const steady = samples.filter((sample) => sample.hour >= warmHour);
  if (steady.length < 2) throw new Error(`memoryTrend: need at least two samples from hour ${warmHour}, got ${steady.length}`);
  const meanHour = steady.reduce((sum, sample) => sum + sample.hour, 0) / steady.length;
  const meanHeap = steady.reduce((sum, sample) => sum + sample.heapUsed, 0) / steady.length;
  const covariance = steady.reduce((sum, sample) => sum + (sample.hour - meanHour) * (sample.heapUsed - meanHeap), 0);
  const variance = steady.reduce((sum, sample) => sum + (sample.hour - meanHour) ** 2, 0);
  return {
    warm: steady[0]!,
    end: steady.at(-1)!,
    heapSlopePerHour: Math.round(covariance / variance),
    heapPeak: Math.max(...steady.map((sample) => sample.heapUsed)),
    rssPeak: Math.max(...steady.map((sample) => sample.rss)),
  };
}
