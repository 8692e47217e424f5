import { InvalidPayloadError, quote } from '@monkeyslegion/scheduler-core';
import { UsageError } from './usage-error.js';

/** Commander collector for a repeatable `--tag`. */
export function collectTag(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Checks `--tag` values: each non-empty. */
export function parseTags(tags: readonly string[] | undefined): string[] {
  for (const tag of tags ?? []) {
    if (tag.trim() === '') throw new UsageError('--tag needs a non-empty tag name', tag);
  }
  return [...(tags ?? [])];
}

/** `--sleep=<seconds>` (decimals allowed) as whole milliseconds, at least 10 ms. */
export function parseSleepSeconds(text: string): number {
  const seconds = /^\d+(\.\d+)?$|^\.\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  const ms = Math.round(seconds * 1000);
  if (!Number.isFinite(seconds) || ms < 10 || ms > 3_600_000) {
    throw new UsageError(`--sleep ${quote(text)} must be a number of seconds between 0.01 and 3600 (e.g. 1 or 0.5)`, text);
  }
  return ms;
}

/** `--timezone=<IANA>`: a zone name `Intl` knows. */
export function parseTimezone(text: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    throw new UsageError(`--timezone ${quote(text)} is not a known IANA timezone (e.g. UTC, Europe/Paris)`, text);
  }
}

/** `--payload=<json>`: any JSON value; invalid text is an `InvalidPayloadError` naming the problem. */
export function parsePayloadJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidPayloadError(`--payload ${quote(text)} is not valid JSON: ${(error as Error).message}`, { value: text }, error);
  }
}

/** `--run-at=<ISO-8601>`: an instant with a date and a time. */
export function parseRunAt(text: string): Date {
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(date.getTime())) {
    throw new UsageError(`--run-at ${quote(text)} is not an ISO-8601 instant (e.g. 2026-01-31T02:00:00Z)`, text);
  }
  return date;
}

/** `<pid>`: a positive integer. */
export function parsePid(text: string): number {
  const pid = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(pid) || pid < 1) throw new UsageError(`pid ${quote(text)} is not a process id`, text);
  return pid;
}

/** `--grace=<seconds>` as milliseconds (0 allowed). */
export function parseGraceSeconds(text: string): number {
  const seconds = /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds > 3600) throw new UsageError(`--grace ${quote(text)} must be a number of seconds between 0 and 3600`, text);
  return Math.round(seconds * 1000);
}

/** `--warm=<n>`: the daemon's number of pre-booted Node children (0 turns the pool off). */
export function parseWarmChildren(text: string): number {
  const count = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isInteger(count) || count > 64) throw new UsageError(`--warm ${quote(text)} must be a whole number from 0 to 64`, text);
  return count;
}
