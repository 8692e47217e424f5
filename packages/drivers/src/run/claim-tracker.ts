/** What this driver instance remembers about a run it handed out. */
export interface TrackedClaim {
  /** Consumer that claimed it. */
  readonly consumer: string;
  /** Its `attempts` at that claim; a higher count elsewhere means someone re-claimed it. */
  readonly attempts: number;
}

/** Upper bound of remembered claims; a caller that never acks must not grow memory forever. */
const MAX_TRACKED_CLAIMS = 10_000;

/**
 * Remembers which consumer holds each run this instance claimed, because the `Driver` contract's
 * `extend(id)`/`release(id)` carry no consumer and must still detect a claim lost to someone else.
 */
export class ClaimTracker {
  private readonly claims = new Map<string, TrackedClaim>();

  /** Records a claim. */
  remember(id: string, claim: TrackedClaim): void {
    this.claims.delete(id);
    this.claims.set(id, claim);
    if (this.claims.size > MAX_TRACKED_CLAIMS) {
      const oldest = this.claims.keys().next();
      if (!oldest.done) this.claims.delete(oldest.value);
    }
  }

  /** The claim recorded for `id`, if this instance made it. */
  get(id: string): TrackedClaim | undefined {
    return this.claims.get(id);
  }

  /** Forgets `id` (acked, failed, released or lost). */
  forget(id: string): void {
    this.claims.delete(id);
  }
}
