import { Cron } from 'croner';
import cron from 'node-cron';
import { preciseNow } from '../measure/precise-now.js';
import { serveSubject } from '../measure/serve-subject.js';

/** Input of the peer callback-lateness subject. */
export interface PeerCallbacksInput {
  library: 'croner' | 'node-cron';
  /** Every-second jobs armed at once. */
  jobs: number;
  /** Callbacks to record (after each job's first, which is dropped as warm-up). */
  fires: number;
}

// Every-second jobs with a callback that records how late it runs after its whole-second slot:
// the in-process floor a scheduler that spawns nothing can reach.
serveSubject<PeerCallbacksInput, number[]>(
  (input) =>
    new Promise<number[]>((resolve) => {
      const lateness: number[] = [];
      const firstSeen = new Set<number>();
      const stops: Array<() => unknown> = [];
      const record = (job: number) => {
        const now = preciseNow();
        if (!firstSeen.has(job)) {
          firstSeen.add(job);
          return;
        }
        lateness.push(now - Math.floor(now / 1000) * 1000);
        if (lateness.length === input.fires) {
          for (const stop of stops) stop();
          resolve(lateness);
        }
      };
      cron.setLogger({ info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined });
      for (let job = 0; job < input.jobs; job++) {
        if (input.library === 'croner') {
          const instance = new Cron('* * * * * *', () => record(job));
          stops.push(() => instance.stop());
        } else {
          const task = cron.schedule('* * * * * *', () => record(job));
          stops.push(() => task.destroy());
        }
      }
    }),
);
