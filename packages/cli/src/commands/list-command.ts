import { Command } from 'commander';
import { withScheduler } from '../cli/boot-scheduler.js';
import { terminalWidth, wantsColor } from '../cli/cli-io.js';
import type { CommandContext } from '../cli/command-context.js';
import { ExitCode } from '../cli/exit-codes.js';
import { globalOptions } from '../cli/global-options.js';
import { collectTag, parseTags, parseTimezone } from '../cli/parse-flags.js';
import { colorsFor } from '../format/colors.js';
import { systemTimezone } from '../format/zoned-time-formatter.js';
import { collectListEntries } from '../list/collect-list-entries.js';
import { renderListTable } from '../list/render-list-table.js';

interface ListOptions {
  json?: boolean;
  tag: string[];
  timezone?: string;
}

/** `schedule:list`: the dashboard of every task (or a JSON array with `--json`). */
export function listCommand(context: CommandContext): Command {
  return new Command('schedule:list')
    .description('show every task: frequency, next run with countdown, last run and status')
    .option('--json', 'print a JSON array (ISO-8601 UTC times, null when unknown) and nothing else on stdout')
    .option('--tag <tag>', 'only tasks carrying this tag (repeatable: every tag must match)', collectTag)
    .option('--timezone <zone>', 'show wall-clock times in this IANA timezone (default: the system timezone)')
    .addHelpText('after', '\nWith the global --verbose, the table also shows the locks held and the pids running per task.')
    .action(async (options: ListOptions, command: Command) => {
      const { io } = context;
      const globals = globalOptions(command);
      const timezone = options.timezone === undefined ? systemTimezone() : parseTimezone(options.timezone);
      const tags = parseTags(options.tag);
      await withScheduler(io, globals, { logLevel: 'warn' }, async (scheduler) => {
        const now = scheduler.clock.now();
        const entries = await collectListEntries(scheduler, { tags, now });
        if (options.json) {
          io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
          return;
        }
        if (entries.length === 0) {
          io.stdout.write(tags.length > 0 ? `No task carries the tag(s) ${tags.join(', ')}.\n` : 'No tasks are scheduled.\n');
          return;
        }
        const table = renderListTable(entries, {
          now,
          timezone,
          colors: colorsFor(wantsColor(io)),
          maxWidth: terminalWidth(io.stdout),
          verbose: globals.verbose,
          host: scheduler.host,
        });
        io.stdout.write(`${table}\n`);
      });
      context.exit(ExitCode.success);
    });
}
