import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, quote } from '@monkeyslegion/scheduler-core';

/** File names looked up, in order, when no `--config` is given. */
export const CONFIG_FILE_NAMES = ['scheduler.config.ts', 'scheduler.config.mts', 'scheduler.config.js', 'scheduler.config.mjs'] as const;

/**
 * Returns the absolute config file: `explicit` (resolved against `cwd`) when given, else the first of
 * `CONFIG_FILE_NAMES` in `cwd`. A `ConfigurationError` names what was tried when nothing is found.
 */
export async function findConfigFile(cwd: string, explicit?: string): Promise<string> {
  if (explicit !== undefined) {
    const file = path.resolve(cwd, explicit);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new ConfigurationError(`Config: file ${quote(explicit)} does not exist or is not a file`, { value: explicit });
    return file;
  }
  for (const name of CONFIG_FILE_NAMES) {
    const file = path.join(cwd, name);
    if (await access(file).then(() => true, () => false)) return file;
  }
  throw new ConfigurationError(`Config: no ${CONFIG_FILE_NAMES.join(', ')} in ${quote(cwd)}; create one or pass --config <path>`, {
    value: cwd,
  });
}
