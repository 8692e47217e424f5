/** One armed wait: registered before the caller checks for work, so no notification can slip between. */
export interface ArmedWait {
  /** Resolves on the next notification, after `timeoutMs`, or when `signal` aborts, whichever is first. */
  until(timeoutMs: number, signal: AbortSignal): Promise<void>;
  /** Unregisters; call it in a `finally`. */
  disarm(): void;
}

/**
 * In-process wake-up fan-out for `Driver.wait()`: backends call `notify()` when new work may be
 * ready (a pub/sub message, a NOTIFY, a local push) and every armed wait resolves.
 */
export class WakeSignal {
  private readonly listeners = new Set<() => void>();

  /** Wakes every armed wait. */
  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Registers interest in the next notification. */
  arm(): ArmedWait {
    let woken = false;
    let wake: (() => void) | undefined;
    const listener = () => {
      woken = true;
      wake?.();
    };
    this.listeners.add(listener);
    return {
      until: (timeoutMs, signal) =>
        new Promise<void>((resolve) => {
          if (woken || signal.aborted) return resolve();
          const done = () => {
            clearTimeout(timer);
            signal.removeEventListener('abort', done);
            wake = undefined;
            resolve();
          };
          // Node timers overflow above 2^31-1 ms and would fire at once; clamp so a huge timeout still waits.
          const timer = setTimeout(done, Math.min(Math.max(0, timeoutMs), 2_147_483_647));
          signal.addEventListener('abort', done, { once: true });
          wake = done;
        }),
      disarm: () => {
        this.listeners.delete(listener);
      },
    };
  }
}
