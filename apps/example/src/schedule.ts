import type { Schedule } from '@monkeyslegion/scheduler-core';

/** Tasks declared with the fluent API; shared by the embedded and the Redis configs. */
export function registerTasks(schedule: Schedule): void {
  // A shell command (through /bin/sh -c), with a before hook and output appended to a file.
  schedule
    .command('node scripts/backup.mjs')
    .everyMinute()
    .name('backup')
    .description('Back up the database')
    .onOneServer()
    .timeout('5m')
    .appendOutputTo('.legion/logs/backup.log')
    .before(({ scheduledAt }) => console.log(`[hook] backup starting for ${scheduledAt.toISOString()}`))
    .onFailure((result) => console.error(`[hook] backup failed: ${result.error ?? result.exitCode}`));

  // An argv command: no shell, nothing is interpreted.
  schedule.command(['node', '-e', 'console.log("disk check:", process.memoryUsage().rss, "bytes")']).everyFifteenSeconds().name('disk-check');

  // A closure with hooks; it runs in its own child process, found again by its name.
  schedule
    .call(async (ctx) => {
      ctx.logger.info({ slot: ctx.scheduledAt.toISOString() }, 'heartbeat');
    })
    .everyFiveSeconds()
    .name('heartbeat')
    .description('Tell the world we are alive')
    .onSuccess((result) => {
      if (result.durationMs > 2000) console.warn(`[hook] heartbeat was slow: ${result.durationMs} ms`);
    })
    .after((result) => {
      if (result.status !== 'success') console.error(`[hook] heartbeat ${result.status}`);
    });

  // Only during office hours, on weekdays.
  schedule.command('echo "office hours ping"').everyMinute().weekdays().between('09:00', '17:00').name('office-ping');

  // A pushed-task handler: never scheduled on its own (yearly on Feb 29th at 00:00 keeps it out of the
  // way), run on demand with `legion schedule:push send-welcome-email --payload='{"userId":42}'`.
  schedule
    .call(async (ctx) => {
      const { userId } = (ctx.payload ?? {}) as { userId?: number };
      if (typeof userId !== 'number') throw new Error(`send-welcome-email needs a numeric userId, got ${JSON.stringify(ctx.payload)}`);
      console.log(`welcome email sent to user ${userId}`);
    })
    .cron('0 0 29 2 *')
    .name('send-welcome-email')
    .description('Pushed on demand with a userId payload');
}
