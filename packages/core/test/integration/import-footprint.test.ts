import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/index.js');

// Runs in a fresh Node process against the built package, exactly as an app would import it.
const probe = `
import { createRequire } from 'node:module';
await import(${JSON.stringify(entry)});
const require = createRequire(import.meta.url);
console.log(JSON.stringify({
  builtins: process.moduleLoadList.filter((name) => /child_process|worker_threads|net$|tls$/.test(name)),
  cjs: Object.keys(require.cache),
}));
`;

describe('importing @monkeyslegion/scheduler-core', () => {
  it('loads no child_process and no redis, sql or sqlite client', () => {
    expect(existsSync(entry), `build the package first: ${entry} is missing`).toBe(true);
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
    const loaded = JSON.parse(output) as { builtins: string[]; cjs: string[] };
    expect(loaded.builtins.filter((name) => name.includes('child_process'))).toEqual([]);
    expect(loaded.cjs.filter((file) => /[\\/](ioredis|redlock|pg|better-sqlite3)[\\/]/.test(file))).toEqual([]);
    // typedi is CommonJS: seeing it proves the check observes CommonJS dependencies at all.
    expect(loaded.cjs.some((file) => file.includes(`${path.sep}typedi${path.sep}`))).toBe(true);
  });
});
