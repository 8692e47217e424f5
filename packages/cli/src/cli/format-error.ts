import { CommanderError } from 'commander';
import { quote, redactUrl } from '@monkeyslegion/scheduler-core';
import { schedulerErrorCode } from './exit-code-for-error.js';

// Anything that looks like a URL with credentials: `scheme://user:password@host…`.
const URL_WITH_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'@/]*@[^\s"']*/gi;

/** Masks the password of every URL inside `text`, wherever it came from (driver errors quote URLs). */
export function redactText(text: string): string {
  return text.replace(URL_WITH_CREDENTIALS, (url) => redactUrl(url));
}

/**
 * The one line `legion` prints for an error, e.g. `legion: unknown task id "bakup" (did you mean
 * "backup"?)`; with `verbose` the stack and causes follow. Passwords in URLs are always masked.
 */
export function formatError(error: unknown, verbose = false): string {
  const line = `legion: ${redactText(summary(error))}`;
  if (!verbose || error instanceof CommanderError) return line;
  const details: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    details.push(redactText(current.stack ?? `${current.name}: ${current.message}`));
    current = current.cause;
  }
  return [line, ...details.map((detail, index) => (index === 0 ? detail : `Caused by: ${detail}`))].join('\n');
}

function summary(error: unknown): string {
  if (error instanceof CommanderError) {
    // Commander puts its "did you mean" on a second line; the contract is one line.
    return error.message
      .replace(/^error: /, '')
      .replace(/\n\(Did you mean (.+)\?\)/, ' (did you mean $1?)')
      .replace(/\s*\n\s*/g, ' ');
  }
  if (schedulerErrorCode(error) === 'UNKNOWN_TASK') {
    const { taskId, suggestion } = (error as { context: { taskId?: unknown; suggestion?: unknown } }).context;
    return `unknown task id ${quote(taskId)}${typeof suggestion === 'string' ? ` (did you mean ${quote(suggestion)}?)` : ''}`;
  }
  if (error instanceof AggregateError && error.errors.length > 0) {
    return `${oneLine(error.message)}: ${error.errors.map((inner: unknown) => summary(inner)).join('; ')}`;
  }
  if (error instanceof Error) return oneLine(error.message || error.name);
  return oneLine(String(error));
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
