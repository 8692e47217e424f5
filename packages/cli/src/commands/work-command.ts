import { Command } from 'commander';
import { bootScheduler } from '../cli/boot-scheduler.js';
import { wantsColor } from '../cli/cli-io.js';
import type { CommandContext } from '../cli/command-context.js';
import { ExitCode } from '../cli/exit-codes.js';
import { globalOptions } from '../cli/global-options.js';
import { loadRunner } from '../cli/load-runner.js';
import { collectTag, parseSleepSeconds, parseTags, parseWarmChildren } from '../cli/parse-flags.js';
import { onShutdownSignals } from '../cli/shutdown-signals.js';
import { colorsFor } from '../format/colors.js';
import { WorkProgress } from '../work/work-progress.js';

interface WorkOptions {
  sleep: string;
  tag: string[];
  warm?: string;
}

/** `schedule:work`: the daemon, until SIGINT/SIGTERM, which drain it and exit 0. */
export function workCommand(context: CommandContext): Command {
  return new Command('schedule:work')
    .description('run the scheduler as a daemon: due tasks, sub-minute tasks and pushed runs, until SIGINT/SIGTERM')
    .option('--sleep <seconds>', 'pulse interval in seconds (decimals allowed, e.g. 0.5)', '1')
    .option('--tag <tag>', 'only scheduled tasks carrying this tag (repeatable: every tag must match)', collectTag)
    .option('--warm <count>', 'Node children kept booted for closure/class runs, and shells waiting for string commands (0: spawn every run cold; default $LEGION_WARM_CHILDREN, else 2)')
    .action(async (options: WorkOptions, command: Command) => {
      const { io } = context;
      const sleepMs = parseSleepSeconds(options.sleep);
      const tags = parseTags(options.tag);
      const warmChildren = options.warm === undefined ? undefined : parseWarmChildren(options.warm);
      const interactive = io.stdout.isTTY === true;
      const { Daemon } = await loadRunner();
      // Listen before booting: a stop asked for during boot is honoured as soon as the daemon exists.
      let daemon: InstanceType<typeof Daemon> | null = null;
      let stopRequested = false;
      let progress: WorkProgress | null = null;
      const removeSignals = onShutdownSignals(
        (signal) => {
          progress?.detach();
          io.stderr.write(`legion: ${signal} received, draining\n`);
          stopRequested = true;
          daemon?.stop();
        },
        (signal) => {
          io.stderr.write(`legion: second ${signal}, exiting now\n`);
          process.exit(1);
        },
      );
      try {
        const scheduler = await bootScheduler(io, globalOptions(command), { logLevel: interactive ? 'warn' : 'info' });
        try {
          if (interactive && !stopRequested) {
            progress = new WorkProgress(io.stdout, scheduler, scheduler.app.registry.all().withTags(tags).toArray(), colorsFor(wantsColor(io)));
            progress.attach();
          }
          daemon = new Daemon(scheduler, { sleepMs, tags, warmChildren, onPulse: (pulse) => progress?.pulse(pulse.at, pulse.running) });
          if (stopRequested) daemon.stop();
          await daemon.run();
        } finally {
          progress?.detach();
          await scheduler.close();
        }
      } finally {
        removeSignals();
      }
      context.exit(ExitCode.success);
    });
}
