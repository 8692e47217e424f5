import { CommanderError } from 'commander';
import { SchedulerError } from '@monkeyslegion/scheduler-core';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';

// Every error code that means "the user asked for something wrong": fix the command or the config.
const USAGE_CODES = new Set([
  'USAGE',
  'CONFIGURATION',
  'UNKNOWN_TASK',
  'DUPLICATE_TASK',
  'INVALID_TASK',
  'INVALID_CRON_EXPRESSION',
  'INVALID_FREQUENCY',
  'INVALID_TIMEZONE',
  'INVALID_PAYLOAD',
  'INTERRUPT_REFUSED',
]);

// Commander outcomes that are help or version output, not errors (when commander says exit code 0).
const OUTPUT_CODES = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

/**
 * The one place that maps an error to an exit code: usage and configuration errors (typed scheduler
 * errors with a usage code, commander parse errors) are 2, everything else (backends, crashes) is 1.
 */
export function exitCodeForError(error: unknown): ExitCodeValue {
  if (error instanceof CommanderError) return OUTPUT_CODES.has(error.code) && error.exitCode === 0 ? ExitCode.success : ExitCode.usage;
  return USAGE_CODES.has(schedulerErrorCode(error) ?? '') ? ExitCode.usage : ExitCode.failure;
}

/**
 * The `code` of a scheduler error. Matched by shape as well as by class: a config file may resolve its
 * own copy of core (another install, a symlinked workspace), and its errors are still scheduler errors.
 */
export function schedulerErrorCode(error: unknown): string | undefined {
  if (error instanceof SchedulerError) return error.code;
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && typeof (error as { context?: unknown }).context === 'object') {
    return (error as unknown as { code: string }).code;
  }
  return undefined;
}
