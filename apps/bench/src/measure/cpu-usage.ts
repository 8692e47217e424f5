/**
 * CPU time (user + system, in ms) this process spends per wall-clock second over `durationMs` while
 * the event loop stays free to run timers: what an armed scheduler costs when it is "doing nothing".
 */
export async function cpuPerSecond(durationMs: number): Promise<number> {
  const wallStart = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = Number(process.hrtime.bigint() - wallStart) / 1e6;
  return (cpu.user + cpu.system) / 1000 / (wallMs / 1000);
}

/** Milliseconds `work` takes, measured with the high-resolution clock. */
export function timeSync(work: () => void): number {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Milliseconds the promise returned by `work` takes to settle. */
export async function timeAsync(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
