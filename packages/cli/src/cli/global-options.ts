import type { Command } from 'commander';

/** Options every command accepts (declared once on the program). */
export interface GlobalOptions {
  /** `--config <path>`: the config file, relative to the working directory. */
  config?: string;
  /** `--verbose`: stack traces on errors, debug logs, more detail in `schedule:list`. */
  verbose: boolean;
}

/** Reads the global options as seen from `command` (they may be given before or after the command name). */
export function globalOptions(command: Command): GlobalOptions {
  const options = command.optsWithGlobals<{ config?: string; verbose?: boolean }>();
  return { config: options.config, verbose: options.verbose === true };
}
