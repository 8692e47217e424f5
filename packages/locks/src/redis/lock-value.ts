import type { LockOwner } from '@monkeyslegion/scheduler-core';

/** What a Redis lock value says about its holder. */
export interface LockValueContent {
  /** The lease's random owner token (32 hex characters). */
  token: string;
  /** Who holds the lock. */
  owner: LockOwner;
  /** When it was acquired (epoch milliseconds). */
  acquiredAt: number;
}

/** The JSON inside a value; whole words, as an operator reads them after decoding. */
interface OwnerJson {
  host: string;
  pid: number;
  runId?: string;
  acquiredAt: number;
}

const TOKEN = /^[0-9a-f]{32}$/;

/**
 * The value stored under a Redis lock key: `<token>.<base64url(JSON {host, pid, runId?, acquiredAt})>`.
 * Owner metadata lives in the value itself so that acquire, extend and release stay one script on one
 * key, exactly like plain Redlock: its scripts compare the whole value, and the whole value is unique
 * because it starts with the random token. The token is hex and base64url has no `.`, so the first
 * `.` always splits the two parts.
 *
 * @example
 * encodeLockValue({ token, owner: { host: 'web-1', pid: 42 }, acquiredAt: Date.now() });
 */
export function encodeLockValue(content: LockValueContent): string {
  const json: OwnerJson = { host: content.owner.host, pid: content.owner.pid, acquiredAt: content.acquiredAt };
  if (content.owner.runId !== undefined) json.runId = content.owner.runId;
  return `${content.token}.${Buffer.from(JSON.stringify(json), 'utf8').toString('base64url')}`;
}

/**
 * Reads a lock value back; `null` for a value this provider did not write (a foreign tool, a bare
 * token of an older version of this package), which still counts as a held lock, only without owner.
 */
export function decodeLockValue(value: string): LockValueContent | null {
  const dot = value.indexOf('.');
  const token = value.slice(0, dot);
  if (dot < 0 || !TOKEN.test(token)) return null;
  let json: Partial<OwnerJson> | null;
  try {
    json = JSON.parse(Buffer.from(value.slice(dot + 1), 'base64url').toString('utf8')) as Partial<OwnerJson> | null;
  } catch {
    return null;
  }
  if (
    json === null ||
    typeof json !== 'object' ||
    typeof json.host !== 'string' ||
    typeof json.pid !== 'number' ||
    typeof json.acquiredAt !== 'number' ||
    (json.runId !== undefined && typeof json.runId !== 'string')
  ) {
    return null;
  }
  const owner: LockOwner = { host: json.host, pid: json.pid };
  if (json.runId !== undefined) owner.runId = json.runId;
  return { token, owner, acquiredAt: json.acquiredAt };
}
