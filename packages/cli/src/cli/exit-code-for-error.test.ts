import { CommanderError } from 'commander';
import {
  BackendUnavailableError,
  ConfigurationError,
  DuplicateTaskError,
  InvalidCronExpressionError,
  InvalidPayloadError,
  UnknownTaskError,
} from '@monkeyslegion/scheduler-core';
import { InterruptRefusedError } from '@monkeyslegion/scheduler-runner';
import { describe, expect, it } from 'vitest';
import { exitCodeForError } from './exit-code-for-error.js';
import { formatError, redactText } from './format-error.js';
import { UsageError } from './usage-error.js';

describe('exitCodeForError', () => {
  it('maps usage and configuration errors to 2', () => {
    for (const error of [
      new UsageError('bad flag'),
      new ConfigurationError('bad config'),
      new UnknownTaskError('bakup', 'backup'),
      new DuplicateTaskError('twice'),
      new InvalidCronExpressionError('61 * * * *', 'minute field "61" is out of range 0-59'),
      new InvalidPayloadError('bad payload'),
      new InterruptRefusedError(1234, 'not ours'),
      new CommanderError(1, 'commander.unknownCommand', "error: unknown command 'x'"),
    ]) {
      expect(exitCodeForError(error), (error as Error).message).toBe(2);
    }
  });

  it('maps runtime failures to 1 and help or version output to 0', () => {
    expect(exitCodeForError(new BackendUnavailableError('Redis down'))).toBe(1);
    expect(exitCodeForError(new Error('boom'))).toBe(1);
    expect(exitCodeForError(Object.assign(new Error('no such file'), { code: 'ENOENT' }))).toBe(1);
    expect(exitCodeForError(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toBe(0);
    expect(exitCodeForError(new CommanderError(0, 'commander.version', '1.0.0'))).toBe(0);
    expect(exitCodeForError(new CommanderError(0, 'commander.help', '(outputHelp)'))).toBe(0);
    // Help shown because something was missing (e.g. no command) is a usage error.
    expect(exitCodeForError(new CommanderError(1, 'commander.help', '(outputHelp)'))).toBe(2);
  });

  it('recognizes a scheduler error from another copy of core by its shape', () => {
    const foreign = Object.assign(new Error('TaskRegistry: task id "x" is already registered'), { code: 'DUPLICATE_TASK', context: {} });
    expect(exitCodeForError(foreign)).toBe(2);
  });
});

describe('formatError', () => {
  it('prints one line, with the task-id suggestion in the CLI wording', () => {
    expect(formatError(new UnknownTaskError('bakup', 'backup'))).toBe('legion: unknown task id "bakup" (did you mean "backup"?)');
    expect(formatError(new CommanderError(1, 'commander.unknownCommand', "error: unknown command 'schedule:lst'\n(Did you mean schedule:list?)"))).toBe(
      "legion: unknown command 'schedule:lst' (did you mean schedule:list?)",
    );
  });

  it('adds the stack and causes only when verbose', () => {
    const error = new ConfigurationError('outer', {}, new Error('inner cause'));
    expect(formatError(error).split('\n')).toHaveLength(1);
    const verbose = formatError(error, true);
    expect(verbose).toContain('ConfigurationError: outer\n    at ');
    expect(verbose).toContain('Caused by: Error: inner cause');
  });

  it('never prints the password of a URL, in the line or in the stack', () => {
    const error = new Error('cannot reach redis://worker:hunter2@cache:6379/0 nor postgres://app:p%40ss@db/app');
    const text = formatError(error, true);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('p%40ss');
    expect(text).toContain('redis://worker:***@cache:6379/0');
    expect(redactText('plain text with http://example.com/path')).toBe('plain text with http://example.com/path');
  });
});
