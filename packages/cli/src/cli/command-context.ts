import type { CliIo } from './cli-io.js';
import type { ExitCodeValue } from './exit-codes.js';

/** What every command receives: where to write, and how to report its exit code. */
export interface CommandContext {
  /** Streams, environment and working directory. */
  readonly io: CliIo;
  /** Records the exit code of this invocation (the last call wins). */
  exit(code: ExitCodeValue): void;
}
