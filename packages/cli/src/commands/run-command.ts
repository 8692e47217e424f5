import { Command } from 'commander';
import type { RunOutcome } from '@monkeyslegion/scheduler-runner';
import { withScheduler } from '../cli/boot-scheduler.js';
import { wantsColor, type CliIo } from '../cli/cli-io.js';
import type { CommandContext } from '../cli/command-context.js';
import { globalOptions } from '../cli/global-options.js';
import { loadRunner } from '../cli/load-runner.js';
import { collectTag, parseTags } from '../cli/parse-flags.js';
import { onShutdownSignals } from '../cli/shutdown-signals.js';
import { colorsFor, type Colors } from '../format/colors.js';
import { formatRunDuration } from '../format/format-duration.js';

interface RunOptions {
  force?: boolean;
  tag: string[];
}

/** `schedule:run`: one heartbeat (crontab `* * * * *`); the exit code is 1 when any run failed. */
export function runCommand(context: CommandContext): Command {
  return new Command('schedule:run')
    .description('one heartbeat: run every due task now, each in its own process (for crontab * * * * *)')
    .option('--force', 'run every selected task now, due or not')
    .option('--tag <tag>', 'only tasks carrying this tag (repeatable: every tag must match)', collectTag)
    .action(async (options: RunOptions, command: Command) => {
      const { io } = context;
      const tags = parseTags(options.tag);
      const { runHeartbeat } = await loadRunner();
      const abort = new AbortController();
      const removeSignals = onShutdownSignals(
        (signal) => {
          io.stderr.write(`legion: ${signal} received, stopping the running tasks\n`);
          abort.abort();
        },
        (signal) => {
          io.stderr.write(`legion: second ${signal}, exiting now\n`);
          process.exit(1);
        },
      );
      try {
        const report = await withScheduler(io, globalOptions(command), { logLevel: 'info' }, (scheduler) =>
          runHeartbeat(scheduler, { force: options.force === true, tags, signal: abort.signal }),
        );
        printOutcomes(io, report.outcomes, colorsFor(wantsColor(io)));
        context.exit(report.exitCode);
      } finally {
        removeSignals();
      }
    });
}

function printOutcomes(io: CliIo, outcomes: readonly RunOutcome[], colors: Colors): void {
  if (outcomes.length === 0) {
    io.stdout.write('No tasks are due.\n');
    return;
  }
  let succeeded = 0;
  let failed = 0;
  let skipped = 0;
  for (const outcome of outcomes) {
    if (outcome.kind === 'skipped') {
      skipped++;
      io.stdout.write(`${colors.yellow('-')} ${outcome.task.id}  skipped (${outcome.reason}): ${outcome.detail}\n`);
      continue;
    }
    const { result } = outcome;
    const ok = result.status === 'success';
    if (ok) succeeded++;
    else failed++;
    const exit = result.exitCode === null ? (result.signal ?? 'no exit code') : `exit ${result.exitCode}`;
    const detail = result.error && result.exitCode === null ? `: ${result.error}` : '';
    const mark = ok ? colors.green('✓') : colors.red('✗');
    io.stdout.write(`${mark} ${outcome.task.id}  ${ok ? result.status : colors.red(result.status)}  ${exit}  ${formatRunDuration(result.durationMs)}${detail}\n`);
    for (const hookError of outcome.hookErrors) io.stdout.write(`  ${colors.yellow('hook error')}: ${hookError}\n`);
  }
  io.stdout.write(`${succeeded} succeeded, ${failed} failed, ${skipped} skipped\n`);
}
