import { Command } from 'commander';
import { withScheduler } from '../cli/boot-scheduler.js';
import type { CommandContext } from '../cli/command-context.js';
import { ExitCode } from '../cli/exit-codes.js';
import { globalOptions } from '../cli/global-options.js';
import { loadRunner } from '../cli/load-runner.js';
import { parseGraceSeconds, parsePid } from '../cli/parse-flags.js';

interface InterruptOptions {
  grace: string;
}

/** `schedule:interrupt <pid>`: stops one running task process (only a task of this scheduler on this host). */
export function interruptCommand(context: CommandContext): Command {
  return new Command('schedule:interrupt')
    .description('stop one running task process (SIGTERM, then SIGKILL after the grace period); the scheduler keeps running')
    .argument('<pid>', 'process id of the task run (see schedule:list --verbose)')
    .option('--grace <seconds>', 'time between SIGTERM and SIGKILL', '10')
    .action(async (pidText: string, options: InterruptOptions, command: Command) => {
      const { io } = context;
      const pid = parsePid(pidText);
      const graceMs = parseGraceSeconds(options.grace);
      const { interruptRun } = await loadRunner();
      const report = await withScheduler(io, globalOptions(command), { logLevel: 'warn', discovery: 'none' }, (scheduler) =>
        interruptRun(scheduler, pid, { graceMs }),
      );
      const how = report.killed ? `killed with SIGKILL after ${graceMs} ms` : 'stopped with SIGTERM';
      io.stdout.write(`Interrupted task ${report.run.taskId} (pid ${pid}, run ${report.run.runId}, host ${report.run.host}): ${how}.\n`);
      context.exit(ExitCode.success);
    });
}
