import { CommanderError } from 'commander';
import { processIo, type CliIo } from './cli/cli-io.js';
import { createProgram } from './cli/create-program.js';
import { exitCodeForError } from './cli/exit-code-for-error.js';
import { ExitCode, type ExitCodeValue } from './cli/exit-codes.js';
import { formatError } from './cli/format-error.js';

/**
 * Runs `legion` with `argv` (as in `process.argv`: node, script, arguments…) and resolves with the exit
 * code; it never calls `process.exit` for a normal outcome, so callers (and tests) stay in control.
 *
 * @example
 * process.exitCode = await main(process.argv);
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<ExitCodeValue> {
  let exitCode: ExitCodeValue = ExitCode.success;
  const program = createProgram({ io, exit: (code) => (exitCode = code) });
  try {
    if (argv.length <= 2) {
      // `legion` alone: show what there is to do, but it is not a successful run of anything.
      program.outputHelp({ error: true });
      return ExitCode.usage;
    }
    await program.parseAsync([...argv], { from: 'node' });
    return exitCode;
  } catch (error) {
    const code = exitCodeForError(error);
    // Help and version output were already written by commander: nothing to add.
    const isOutput = error instanceof CommanderError && (code === ExitCode.success || error.code === 'commander.help');
    if (!isOutput) {
      const verbose = argv.includes('--verbose');
      io.stderr.write(`${formatError(error, verbose)}\n`);
    }
    return code;
  }
}
