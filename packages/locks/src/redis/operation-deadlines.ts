/** One operation waiting for Redis. */
interface PendingOperation {
  /** `performance.now()` after which it fails. */
  readonly deadline: number;
  /** Rejects the caller's promise with the timeout error, unless the work settled first. */
  readonly fail: () => void;
}

/**
 * Bounds how long an operation may wait for Redis, with one sweeping timer per provider instead of a
 * timer per command. ioredis's `commandTimeout` arms and clears a `setTimeout` for every command (and
 * `delete`s a property of the command object, which deoptimizes it); on loopback that took up to
 * ~20 µs of CPU per acquire + release, as much as the rest of the client-side work. Here an operation
 * costs one `Set` entry, and an interval of a tenth of the timeout sweeps overdue ones, so an
 * operation fails between `timeoutMs` and `1.1 × timeoutMs` after it started (once the replies that
 * reached the socket by then were read). The sweeper stops once nothing is pending and is `unref()`'d,
 * so it never keeps a process alive.
 */
export class OperationDeadlines {
  readonly #timeoutMs: number;
  readonly #tickMs: number;
  readonly #pending = new Set<PendingOperation>();
  #sweeper: NodeJS.Timeout | null = null;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
    this.#tickMs = Math.max(10, Math.ceil(timeoutMs / 10));
  }

  /** The bound of every operation, in milliseconds. */
  get timeoutMs(): number {
    return this.#timeoutMs;
  }

  /**
   * Settles like `work`, or rejects with `timeoutError()` once the deadline passes first. `work` keeps
   * running (a command already sent cannot be recalled); if it succeeds after the deadline,
   * `onLateSuccess` gets its value, so an acquire that landed late can be undone.
   */
  run<T>(work: Promise<T>, timeoutError: () => Error, onLateSuccess?: (value: T) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let state: 'waiting' | 'settled' | 'timed-out' = 'waiting';
      const pending: PendingOperation = {
        deadline: performance.now() + this.#timeoutMs,
        fail: () => {
          if (state !== 'waiting') return;
          state = 'timed-out';
          reject(timeoutError());
        },
      };
      this.#pending.add(pending);
      this.#sweeper ??= setInterval(() => this.#sweep(), this.#tickMs).unref();
      work.then(
        (value) => {
          this.#pending.delete(pending);
          if (state === 'timed-out') onLateSuccess?.(value);
          else {
            state = 'settled';
            resolve(value);
          }
        },
        (error: unknown) => {
          this.#pending.delete(pending);
          if (state === 'waiting') state = 'settled';
          reject(error);
        },
      );
    });
  }

  #sweep(): void {
    const now = performance.now();
    const overdue: PendingOperation[] = [];
    for (const pending of this.#pending) {
      if (pending.deadline > now) continue;
      this.#pending.delete(pending);
      overdue.push(pending);
    }
    // Failed after this loop turn's I/O, not before it: after a stall of the event loop, timers run
    // before the socket is read, and a reply that arrived in time would otherwise count as late (an
    // acquire that did land — and was seen by other servers — would be reported failed).
    if (overdue.length > 0) {
      setImmediate(() => {
        for (const pending of overdue) pending.fail();
      });
    }
    if (this.#pending.size === 0 && this.#sweeper !== null) {
      clearInterval(this.#sweeper);
      this.#sweeper = null;
    }
  }
}
