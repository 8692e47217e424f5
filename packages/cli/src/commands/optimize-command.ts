import { Command } from 'commander';
import { SchedulerError } from '@monkeyslegion/scheduler-core';
import type { ManifestDiscoveryOutcome } from '@monkeyslegion/scheduler-runner';
import { withScheduler } from '../cli/boot-scheduler.js';
import type { CommandContext } from '../cli/command-context.js';
import { ExitCode } from '../cli/exit-codes.js';
import { globalOptions } from '../cli/global-options.js';
import { loadRunner } from '../cli/load-runner.js';

interface OptimizeOptions {
  clear?: boolean;
}

/**
 * `schedule:optimize [--clear]`: scans the discover folders once and caches the task manifest in the
 * cache store, so later commands start without importing task files; `--clear` removes it.
 */
export function optimizeCommand(context: CommandContext): Command {
  return new Command('schedule:optimize')
    .description('cache the task manifest in the cache store for a fast start (rebuilt automatically when sources change)')
    .option('--clear', 'remove the cached manifest')
    .action(async (options: OptimizeOptions, command: Command) => {
      const { io } = context;
      const globals = globalOptions(command);
      const { clearManifest, MANIFEST_KEY } = await loadRunner();
      if (options.clear) {
        const removed = await withScheduler(io, globals, { discovery: 'none' }, (scheduler) => clearManifest(scheduler.cache));
        io.stdout.write(removed ? 'Task manifest cleared.\n' : 'No task manifest was cached.\n');
        context.exit(ExitCode.success);
        return;
      }
      let outcome: ManifestDiscoveryOutcome | undefined;
      const summary = await withScheduler(io, globals, { discovery: 'rebuild-manifest', onManifest: (result) => (outcome = result) }, async (scheduler) => ({
        store: scheduler.cache.name,
        total: scheduler.app.registry.size,
      }));
      if (outcome?.state !== 'written') {
        throw new SchedulerError('MANIFEST_NOT_WRITTEN', 'schedule:optimize: the cache store was not reachable during discovery; the manifest was not written');
      }
      const others = summary.total - outcome.tasks;
      io.stdout.write(
        `Cached the task manifest: ${outcome.tasks} discovered task${outcome.tasks === 1 ? '' : 's'} under "${MANIFEST_KEY}" in the ${summary.store} cache store` +
          `${others > 0 ? ` (${others} task${others === 1 ? '' : 's'} from schedule() are always read from the config)` : ''}.\n` +
          'It is rebuilt automatically when the config or a file under the discover folders changes.\n',
      );
      context.exit(ExitCode.success);
    });
}
