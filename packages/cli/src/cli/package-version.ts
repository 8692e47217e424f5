import { readFileSync } from 'node:fs';

/** The version of `@monkeyslegion/scheduler-cli`, read from its package.json (`src/cli` and `dist/cli` are both two levels down). */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}
