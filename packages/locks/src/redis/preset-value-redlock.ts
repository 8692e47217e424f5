import type Redlock from 'redlock';
import type { Lock, Settings } from 'redlock';
import { ConfigurationError, quote } from '@monkeyslegion/scheduler-core';

/** The redlock method that makes a new lock's value (private in its types, an ordinary method at run time). */
interface ValueSource {
  _random: () => string;
}

/**
 * Lets `acquire` store a value of our choosing instead of Redlock's random hex, so owner metadata can
 * travel inside the lock value (see `encodeLockValue`) and no second key or round trip is needed.
 *
 * Redlock 5 takes a new lock's value from `this._random()`, called synchronously inside `acquire()`
 * before its first `await`. This class replaces `_random` on its own Redlock instance (never on the
 * prototype, so other Redlock users are untouched) with a function that hands out the value prepared
 * by the `acquire` call that is running right now. JavaScript runs that synchronous stretch to its end
 * without interleaving, so two concurrent acquires can never swap values: each sets the value, Redlock
 * consumes it, and the slot is empty again before control returns to anyone else. If a future Redlock
 * asked for the value later (after an `await`), `acquire` notices the unconsumed value at once and
 * fails with a `ConfigurationError`, and the late `_random()` call throws before anything is written.
 */
export class PresetValueRedlock {
  /** The wrapped Redlock, for extend and release (they reuse the value stored in the `Lock`). */
  readonly redlock: Redlock;
  #pending: string | null = null;
  #isIncompatible = false;

  constructor(redlock: Redlock) {
    this.redlock = redlock;
    (redlock as unknown as ValueSource)._random = () => this.#take();
  }

  /** `redlock.acquire(resources, ttlMs, settings)` storing `value` as the lock value. */
  acquire(resources: string[], ttlMs: number, value: string, settings?: Partial<Settings>): Promise<Lock> {
    if (this.#isIncompatible) throw incompatibleRedlock();
    // Redlock rejects a fractional duration before it asks for the value; that must not look like an
    // incompatible redlock below.
    if (!Number.isInteger(ttlMs)) {
      throw new ConfigurationError(`RedisLockProvider: ttlMs must be a whole number of milliseconds, got ${quote(ttlMs)}`, { value: ttlMs });
    }
    this.#pending = value;
    // An async function never throws synchronously: by the time it returns its promise, it has run up
    // to its first `await`, which in redlock 5.0.0-beta.2 is after `_random()`.
    const acquiring = this.redlock.acquire(resources, ttlMs, settings);
    if (this.#pending !== null) {
      // From now on every acquire and every late `_random()` throws, so a delayed call can never pick up
      // a value prepared for another acquire.
      this.#isIncompatible = true;
      this.#pending = null;
      acquiring.catch(() => undefined);
      throw incompatibleRedlock();
    }
    return acquiring;
  }

  #take(): string {
    const value = this.#pending;
    if (value === null || this.#isIncompatible) throw incompatibleRedlock();
    this.#pending = null;
    return value;
  }
}

function incompatibleRedlock(): ConfigurationError {
  return new ConfigurationError(
    'RedisLockProvider: the installed redlock does not take the lock value synchronously in acquire(); this provider needs redlock "5.0.0-beta.2"',
    { value: 'redlock' },
  );
}
