/** Exactly what to spawn for one run. */
export interface ProcessSpec {
  /** Executable (`/bin/sh`, the argv[0] of an array command, or `process.execPath`). */
  readonly file: string;
  /** Arguments. */
  readonly args: readonly string[];
  /** Working directory (the config's folder). */
  readonly cwd: string;
  /** Complete environment of the child. */
  readonly env: NodeJS.ProcessEnv;
}
