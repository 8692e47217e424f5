/** A writable stream as the CLI sees it (a TTY has `isTTY` and `columns`). */
export interface CliStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Where a command reads its environment and writes its output; tests pass their own. */
export interface CliIo {
  /** Command output (tables, JSON, ids). */
  readonly stdout: CliStream;
  /** Errors and diagnostics. */
  readonly stderr: CliStream;
  /** Environment variables (`NO_COLOR`, `FORCE_COLOR`, `LEGION_LOG_LEVEL`). */
  readonly env: NodeJS.ProcessEnv;
  /** Working directory: where `scheduler.config.*` is looked up. */
  readonly cwd: string;
}

/** The real process's streams, environment and working directory. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** `true` when `NO_COLOR`/`FORCE_COLOR` and the terminal say colours are wanted on `stream`. */
export function wantsColor(io: CliIo, stream: CliStream = io.stdout): boolean {
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return stream.isTTY === true && io.env.TERM !== 'dumb';
}

/** The width to fit output to: the terminal's columns on a TTY (when it reports any), else unlimited. */
export function terminalWidth(stream: CliStream): number | undefined {
  return stream.isTTY === true && stream.columns !== undefined && stream.columns > 0 ? stream.columns : undefined;
}
