import os from 'node:os';
import type { LockOwner } from '@monkeyslegion/scheduler-core';

/** Completes a partial owner with this process's host name and pid. */
export function resolveOwner(owner: Partial<LockOwner> = {}): LockOwner {
  const resolved: LockOwner = { host: owner.host ?? os.hostname(), pid: owner.pid ?? process.pid };
  if (owner.runId !== undefined) resolved.runId = owner.runId;
  return resolved;
}
