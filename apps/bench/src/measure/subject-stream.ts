import { SubjectFailedError } from './subject-failed-error.js';
import { SubjectProcess } from './subject-process.js';

/** Every streaming subject announces it is ready with `{ type: 'ready' }` before its other events. */
export interface StreamEvent {
  type: string;
}

/** The harness side of a long-running subject (daemon, queue worker): its event stream, waits and a clean stop. */
export class SubjectStream<Event extends StreamEvent, Result> {
  private readonly listeners = new Set<(event: Event) => void>();
  private constructor(
    private readonly name: string,
    private readonly process: SubjectProcess<Result>,
  ) {}

  /** Starts subject `name` with `input` and resolves once it emitted `ready`. */
  static async start<Event extends StreamEvent, Result>(name: string, input: unknown, timeoutMs: number): Promise<SubjectStream<Event, Result>> {
    let stream!: SubjectStream<Event, Result>;
    const ready = new Promise<void>((resolve) => {
      const subject = SubjectProcess.start<Result>(name, input, {
        timeoutMs,
        onEvent: (event) => {
          const typed = event as Event;
          if (typed.type === 'ready') resolve();
          for (const listener of stream.listeners) listener(typed);
        },
      });
      stream = new SubjectStream<Event, Result>(name, subject);
    });
    await Promise.race([ready, stream.process.result.then(() => Promise.reject(new SubjectFailedError(name, 'ended before it was ready')))]);
    return stream;
  }

  /** Subscribes to the event stream; returns an unsubscribe function. */
  on(listener: (event: Event) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the first event `match` accepts; rejects after `timeoutMs` or when the subject ends. */
  waitFor(match: (event: Event) => boolean, timeoutMs: number): Promise<Event> {
    return new Promise<Event>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new SubjectFailedError(this.name, `an expected event did not arrive within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on((event) => {
        if (!match(event)) return;
        clearTimeout(timer);
        off();
        resolve(event);
      });
      this.process.result.then(
        () => reject(new SubjectFailedError(this.name, 'ended while an event was awaited')),
        (error: unknown) => reject(error),
      );
    });
  }

  /** Asks the subject to finish (`stop` command); resolves with its result. */
  stop(): Promise<Result> {
    this.process.send('stop');
    return this.process.result;
  }

  /** Kills the subject without letting it finish (after a failure). */
  kill(): void {
    this.process.kill();
  }
}
