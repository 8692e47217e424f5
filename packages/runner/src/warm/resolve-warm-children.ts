import { ConfigurationError, quote } from '@monkeyslegion/scheduler-core';

/** Environment variable that sets the daemon's warm pool size when `DaemonOptions.warmChildren` is not given. */
export const WARM_CHILDREN_ENV = 'LEGION_WARM_CHILDREN';

/** Default number of warm children of a daemon. */
export const DEFAULT_WARM_CHILDREN = 2;

// A warm child costs a booted Node process (tens of MB); more than this is a typo, not a sizing.
const MAX_WARM_CHILDREN = 64;

/**
 * The warm pool size: `option` when given, else `$LEGION_WARM_CHILDREN`, else 2. Anything but an
 * integer from 0 (no pool) to 64 is a `ConfigurationError` quoting the value.
 */
export function resolveWarmChildren(option: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  if (option !== undefined) return check(option, 'warmChildren');
  const text = env[WARM_CHILDREN_ENV];
  if (text === undefined || text.trim() === '') return DEFAULT_WARM_CHILDREN;
  return check(/^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN, WARM_CHILDREN_ENV, text);
}

function check(value: number, name: string, raw: unknown = value): number {
  if (Number.isInteger(value) && value >= 0 && value <= MAX_WARM_CHILDREN) return value;
  throw new ConfigurationError(`Daemon: ${name} must be an integer from 0 to ${MAX_WARM_CHILDREN}, got ${quote(raw)}`, { value: raw });
}
