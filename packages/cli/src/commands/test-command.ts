import { Command } from 'commander';
import { withScheduler } from '../cli/boot-scheduler.js';
import { wantsColor } from '../cli/cli-io.js';
import type { CommandContext } from '../cli/command-context.js';
import { ExitCode } from '../cli/exit-codes.js';
import { globalOptions } from '../cli/global-options.js';
import { loadRunner } from '../cli/load-runner.js';
import { onShutdownSignals } from '../cli/shutdown-signals.js';
import { colorsFor } from '../format/colors.js';
import { formatRunDuration } from '../format/format-duration.js';

interface TestOptions {
  force?: boolean;
}

/**
 * `schedule:test <task_id>`: runs one task now, streaming its stdout to stdout and its stderr to stderr
 * as it runs, then a one-line summary on stderr (so stdout stays the task's own output). Exit 0 on
 * success, 1 when it failed or could not run.
 */
export function testCommand(context: CommandContext): Command {
  return new Command('schedule:test')
    .description('run one task now and stream its output; respects the overlap lock unless --force')
    .argument('<task_id>', 'the task id (see schedule:list)')
    .option('--force', 'ignore the overlap lock and the one-server claim')
    .action(async (taskId: string, options: TestOptions, command: Command) => {
      const { io } = context;
      const colors = colorsFor(wantsColor(io, io.stderr));
      const { runTaskNow } = await loadRunner();
      const abort = new AbortController();
      const removeSignals = onShutdownSignals(
        () => abort.abort(),
        () => process.exit(1),
      );
      try {
        const outcome = await withScheduler(io, globalOptions(command), { logLevel: 'warn' }, (scheduler) =>
          runTaskNow(scheduler, taskId, {
            force: options.force === true,
            signal: abort.signal,
            onLine: (stream, line) => (stream === 'stdout' ? io.stdout : io.stderr).write(`${line}\n`),
          }),
        );
        if (outcome.kind === 'skipped') {
          const hint = outcome.reason === 'overlapping' ? ' (use --force to ignore the lock)' : '';
          io.stderr.write(`${colors.yellow('-')} ${taskId} did not run (${outcome.reason}): ${outcome.detail}${hint}\n`);
          context.exit(ExitCode.failure);
          return;
        }
        const { result } = outcome;
        const ok = result.status === 'success';
        const exit = result.exitCode === null ? `signal ${result.signal ?? 'none'}` : `exit code ${result.exitCode}`;
        const detail = result.error && result.exitCode === null ? ` - ${result.error}` : '';
        const mark = ok ? colors.green('✓') : colors.red('✗');
        io.stderr.write(`${mark} ${taskId} ${ok ? 'succeeded' : colors.red(result.status)}: ${exit}, ${formatRunDuration(result.durationMs)}${detail}\n`);
        for (const hookError of outcome.hookErrors) io.stderr.write(`  ${colors.yellow('hook error')}: ${hookError}\n`);
        context.exit(ok ? ExitCode.success : ExitCode.failure);
      } finally {
        removeSignals();
      }
    });
}
