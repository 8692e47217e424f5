import { spawn } from 'node:child_process';
import { Worker } from 'bullmq';
import { preciseNow } from '../measure/precise-now.js';
import { serveSubject } from '../measure/serve-subject.js';

/** Input of the BullMQ worker subject. */
export interface BullmqWorkerInput {
  /** Redis host and port. */
  host: string;
  port: number;
  /** BullMQ key prefix (unique per run). */
  prefix: string;
  queue: string;
  /** Jobs processed at once. */
  concurrency: number;
  /** `noop`: the processor returns at once; `spawn`: it runs `/bin/sh -c true` and waits for it, like a pushed run of ours. */
  mode: 'noop' | 'spawn';
}

/** Events of the BullMQ worker subject. */
export type BullmqWorkerEvent = { type: 'ready' } | { type: 'start'; id: string; at: number } | { type: 'done'; id: string; at: number };

// A BullMQ worker in its own process on the same Redis: reports when each processor starts and ends.
serveSubject<BullmqWorkerInput, number>(async (input, channel) => {
  const emit = (event: BullmqWorkerEvent) => channel.emit(event);
  let processed = 0;
  const worker = new Worker(
    input.queue,
    async (job) => {
      emit({ type: 'start', id: job.id!, at: preciseNow() });
      if (input.mode === 'spawn') {
        await new Promise<void>((resolve, reject) => {
          const child = spawn('/bin/sh', ['-c', 'true'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
          child.once('error', reject);
          child.once('close', () => resolve());
        });
      }
      processed++;
      emit({ type: 'done', id: job.id!, at: preciseNow() });
    },
    { connection: { host: input.host, port: input.port, maxRetriesPerRequest: null }, prefix: input.prefix, concurrency: input.concurrency },
  );
  await worker.waitUntilReady();
  emit({ type: 'ready' });
  await new Promise<void>((resolve) => channel.onCommand((command) => command === 'stop' && resolve()));
  await worker.close();
  return processed;
});
