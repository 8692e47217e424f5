import { Command } from 'commander';
import type { HeldLock } from '@monkeyslegion/scheduler-core';
import { withScheduler } from '../cli/boot-scheduler.js';
import { loadRunner } from '../cli/load-runner.js';
import { terminalWidth, wantsColor } from '../cli/cli-io.js';
import type { CommandContext } from '../cli/command-context.js';
import { ExitCode } from '../cli/exit-codes.js';
import { globalOptions } from '../cli/global-options.js';
import { colorsFor } from '../format/colors.js';
import { formatSpan } from '../format/format-duration.js';
import { renderTable } from '../format/render-table.js';

/** `schedule:clear-locks [task_id]`: force-releases overlap locks (all, or one task's) and lists what it cleared. */
export function clearLocksCommand(context: CommandContext): Command {
  return new Command('schedule:clear-locks')
    .description('force-release overlap locks, of every task or of one (e.g. after a crash), and list them')
    .argument('[task_id]', 'only this task (see schedule:list)')
    .action(async (taskId: string | undefined, _options: unknown, command: Command) => {
      const { io } = context;
      const { OVERLAP_LOCK_PREFIX, decodeKeyPart, overlapLockKey } = await loadRunner();
      const cleared = await withScheduler(io, globalOptions(command), { logLevel: 'warn' }, async (scheduler) => {
        // An unknown id is an error (with a "did you mean"), not a silent "no locks".
        if (taskId !== undefined) scheduler.app.registry.get(taskId);
        const key = taskId === undefined ? null : overlapLockKey(taskId);
        // A prefix listing of one task's key also matches longer ids ("backup" vs "backup-db"): keep exact keys.
        const held = (await scheduler.locks.list(key ?? OVERLAP_LOCK_PREFIX)).filter((lock) => key === null || lock.key === key);
        const released: { lock: HeldLock; now: number }[] = [];
        for (const lock of held) {
          if (await scheduler.locks.forceRelease(lock.key)) released.push({ lock, now: scheduler.clock.now() });
        }
        return released;
      });
      if (cleared.length === 0) {
        io.stdout.write(taskId === undefined ? 'No locks held.\n' : `No lock held for task ${taskId}.\n`);
      } else {
        const colors = colorsFor(wantsColor(io));
        const rows = cleared.map(({ lock, now }) => [
          { text: decodeKeyPart(lock.key.startsWith(OVERLAP_LOCK_PREFIX) ? lock.key.slice(OVERLAP_LOCK_PREFIX.length) : lock.key) },
          { text: `${lock.owner.host} pid ${lock.owner.pid}` },
          { text: lock.owner.runId ?? '-' },
          { text: lock.acquiredAt ? formatSpan(now - lock.acquiredAt.getTime()) : '?' },
          { text: lock.expiresAt.getTime() > now ? `in ${formatSpan(lock.expiresAt.getTime() - now)}` : 'expired' },
        ]);
        const table = renderTable(
          [{ header: 'TASK', shrink: 2, minWidth: 12 }, { header: 'OWNER' }, { header: 'RUN', shrink: 1, minWidth: 8 }, { header: 'AGE' }, { header: 'WOULD EXPIRE' }],
          rows,
          { maxWidth: terminalWidth(io.stdout), headerStyle: (text) => colors.bold(text) },
        );
        io.stdout.write(`${table}\n\nCleared ${cleared.length} lock${cleared.length === 1 ? '' : 's'}.\n`);
      }
      context.exit(ExitCode.success);
    });
}
