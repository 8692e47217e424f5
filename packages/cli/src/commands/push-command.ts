import { Command } from 'commander';
import type { PushRequest } from '@monkeyslegion/scheduler-core';
import { withScheduler } from '../cli/boot-scheduler.js';
import type { CommandContext } from '../cli/command-context.js';
import { ExitCode } from '../cli/exit-codes.js';
import { globalOptions } from '../cli/global-options.js';
import { loadRunner } from '../cli/load-runner.js';
import { parsePayloadJson, parseRunAt } from '../cli/parse-flags.js';
import { UsageError } from '../cli/usage-error.js';

interface PushOptions {
  payload?: string;
  runAt?: string;
  dedupeKey?: string;
}

/** `schedule:push <task_id>`: queues an ad-hoc run through the driver and prints its id (only the id, for scripts). */
export function pushCommand(context: CommandContext): Command {
  return new Command('schedule:push')
    .description('queue an ad-hoc run of a registered task through the driver; prints the pushed run id')
    .argument('<task_id>', 'the task id (see schedule:list)')
    .option('--payload <json>', 'JSON handed to the task (ctx.payload, LEGION_PAYLOAD)')
    .option('--run-at <iso>', 'earliest time to run, ISO-8601 (e.g. 2026-01-31T02:00:00Z)')
    .option('--dedupe-key <key>', 'while a run with this key is queued or running, return its id instead of queueing another')
    .action(async (taskId: string, options: PushOptions, command: Command) => {
      const { io } = context;
      const request: PushRequest = { taskId };
      if (options.payload !== undefined) request.payload = parsePayloadJson(options.payload);
      if (options.runAt !== undefined) request.runAt = parseRunAt(options.runAt);
      if (options.dedupeKey !== undefined) {
        if (options.dedupeKey.trim() === '') throw new UsageError('--dedupe-key needs a non-empty key', options.dedupeKey);
        request.dedupeKey = options.dedupeKey;
      }
      const { pushRun } = await loadRunner();
      const id = await withScheduler(io, globalOptions(command), { logLevel: 'warn' }, (scheduler) => pushRun(scheduler, request));
      io.stdout.write(`${id}\n`);
      context.exit(ExitCode.success);
    });
}
