/** The `legion` exit-code contract. */
export const ExitCode = {
  /** Everything worked. */
  success: 0,
  /** A task failed, or a runtime error (unreachable backend, crash). */
  failure: 1,
  /** Usage or configuration error: bad command, flag or value, unknown task id, invalid config. */
  usage: 2,
} as const;

/** One of the `ExitCode` values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
