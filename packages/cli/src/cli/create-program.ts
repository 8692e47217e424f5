import { Command } from 'commander';
import { clearLocksCommand } from '../commands/clear-locks-command.js';
import { interruptCommand } from '../commands/interrupt-command.js';
import { listCommand } from '../commands/list-command.js';
import { optimizeCommand } from '../commands/optimize-command.js';
import { pushCommand } from '../commands/push-command.js';
import { runCommand } from '../commands/run-command.js';
import { testCommand } from '../commands/test-command.js';
import { workCommand } from '../commands/work-command.js';
import type { CommandContext } from './command-context.js';
import { packageVersion } from './package-version.js';

const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  a task failed, or a runtime error (unreachable backend …)
  2  usage or configuration error (unknown command, flag or task id, bad value, invalid config)`;

/** The `legion` program: global options and every `schedule:*` command. Parse errors throw (no `process.exit`). */
export function createProgram(context: CommandContext): Command {
  const program = new Command('legion')
    .description('MonkeysLegion scheduler: run, inspect and steer scheduled tasks')
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--config <path>', 'config file (default: scheduler.config.{ts,mts,js,mjs} in the working directory)')
    .option('--verbose', 'stack traces on errors, debug logs, more detail in schedule:list')
    .helpOption('-h, --help', 'show help for a command')
    .showSuggestionAfterError(true)
    .addHelpText('after', EXIT_CODES_HELP)
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .configureOutput({
      writeOut: (text) => context.io.stdout.write(text),
      writeErr: (text) => context.io.stderr.write(text),
      // Errors are printed once, on one line, by main() (exit-code mapping lives there too).
      outputError: () => {},
    })
    .exitOverride();
  for (const command of [
    optimizeCommand(context),
    runCommand(context),
    workCommand(context),
    listCommand(context),
    testCommand(context),
    pushCommand(context),
    clearLocksCommand(context),
    interruptCommand(context),
  ]) {
    // Output streams, help layout, exit override and suggestions are the program's (addCommand does not copy them).
    program.addCommand(command.copyInheritedSettings(program));
  }
  return program;
}
