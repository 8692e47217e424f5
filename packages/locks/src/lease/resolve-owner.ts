import os from 'node:os';
import type { LockOwner } from '@monkeyslegion/scheduler-core';

/** This host's name, read once: `os.hostname()` is a system call, and an acquire needs it every time. */
let hostname: string | undefined;

/** Completes a partial owner with this process's host name and pid. */
export function resolveOwner(owner: Partial<LockOwner> = {}): LockOwner {
  const resolved: LockOwner = { host: owner.host ?? (hostname ??= os.hostname()), pid: owner.pid ?? process.pid };
  if (owner.runId !== undefined) resolved.runId = owner.runId;
  return resolved;
}
