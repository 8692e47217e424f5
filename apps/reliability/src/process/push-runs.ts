import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../../fixtures/bin/push-runs.mjs', import.meta.url));

/** What `pushRuns` reports. */
export interface PushReport {
  /** Runs queued. */
  count: number;
  ms: number;
  /** Pushes the pusher refused: error class and message. */
  refused: { name: string; message: string }[];
}

/**
 * Pushes `count` runs of `taskId` (payload `{ n }` numbered from `first`, or none when `first` is
 * `null`) from a separate Node process loading the compiled packages, like an app would.
 */
export async function pushRuns(appDir: string, taskId: string, count: number, first: number | null = 0): Promise<PushReport> {
  const { stdout } = await run(process.execPath, [SCRIPT, appDir, taskId, String(count), first === null ? 'none' : String(first)], { cwd: appDir, maxBuffer: 1024 * 1024 });
  const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as PushReport & { event: string };
  return { count: report.count, ms: report.ms, refused: report.refused };
}

/** Pushes one run of `taskId` per payload (JSON values) through a separate process's `createPusher`. */
export async function pushPayloads(appDir: string, taskId: string, payloads: readonly unknown[]): Promise<PushReport> {
  const { stdout } = await run(process.execPath, [SCRIPT, appDir, taskId, '--payloads'], {
    cwd: appDir,
    env: { ...process.env, RELIABILITY_PAYLOADS: JSON.stringify(payloads) },
    maxBuffer: 16 * 1024 * 1024,
  });
  const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as PushReport & { event: string };
  return { count: report.count, ms: report.ms, refused: report.refused };
}
