/** What a filter sees when it decides whether a due slot should run. */
export interface FilterContext {
  /** The slot instant being decided. */
  readonly at: Date;
  /** The current environment name (config `environment`, else `NODE_ENV`, else `production`). */
  readonly environment: string;
}

/** A run-time condition attached to a task; a rejecting filter skips the slot with `reason`. */
export interface TaskFilter {
  /** Which builder method created it. */
  readonly kind: 'when' | 'skip' | 'between' | 'unlessBetween' | 'environments';
  /** Human-readable reason reported with `TaskSkipped`, e.g. `outside 09:00-17:00`. */
  readonly reason: string;
  /** `true` when the slot may run. */
  passes(context: FilterContext): boolean | Promise<boolean>;
}
