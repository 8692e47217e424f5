import type { DaemonEvent, DaemonSubjectInput, DaemonSubjectResult } from '../subjects/daemon-events.js';
import { SubjectFailedError } from './subject-failed-error.js';
import { SubjectProcess } from './subject-process.js';

/** The harness side of a daemon subject: its event stream, waiting helpers and a clean stop. */
export class DaemonHandle {
  private readonly listeners = new Set<(event: DaemonEvent) => void>();
  private constructor(private readonly process: SubjectProcess<DaemonSubjectResult>) {}

  /** Starts a daemon on `input.fixtureDir` and resolves once it runs. */
  static async start(input: DaemonSubjectInput, timeoutMs: number): Promise<DaemonHandle> {
    let handle!: DaemonHandle;
    const ready = new Promise<void>((resolve) => {
      const subject = SubjectProcess.start<DaemonSubjectResult>('daemon', input, {
        timeoutMs,
        onEvent: (event) => {
          const typed = event as DaemonEvent;
          if (typed.type === 'ready') resolve();
          for (const listener of handle.listeners) listener(typed);
        },
      });
      handle = new DaemonHandle(subject);
    });
    await Promise.race([ready, handle.process.result.then(() => Promise.reject(new SubjectFailedError('daemon', 'ended before it was ready')))]);
    return handle;
  }

  /** Subscribes to the event stream; returns an unsubscribe function. */
  on(listener: (event: DaemonEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the first event `match` accepts, or rejects after `timeoutMs` or when the daemon dies. */
  waitFor<E extends DaemonEvent>(match: (event: DaemonEvent) => event is E, timeoutMs: number): Promise<E>;
  waitFor(match: (event: DaemonEvent) => boolean, timeoutMs: number): Promise<DaemonEvent>;
  waitFor(match: (event: DaemonEvent) => boolean, timeoutMs: number): Promise<DaemonEvent> {
    return new Promise<DaemonEvent>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new SubjectFailedError('daemon', `expected event did not arrive within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on((event) => {
        if (!match(event)) return;
        clearTimeout(timer);
        off();
        resolve(event);
      });
      this.process.result.then(
        () => reject(new SubjectFailedError('daemon', 'stopped while an event was awaited')),
        (error: unknown) => reject(error),
      );
    });
  }

  /** Asks the daemon to drain and stop; resolves with its report. */
  async stop(): Promise<DaemonSubjectResult> {
    this.process.send('stop');
    return this.process.result;
  }

  /** Kills the daemon without draining (after a failure). */
  kill(): void {
    this.process.kill();
  }
}
