import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDist } from './build-dist.js';

const run = promisify(execFile);

/** Imports `entries` in a fresh `node` and returns which backend modules ended up in the CommonJS module cache. */
async function backendsLoadedBy(entries: string[]): Promise<{ exports: string[]; backends: string[] }> {
  const script = `
    import { createRequire } from 'node:module';
    const loaded = [];
    for (const entry of ${JSON.stringify(entries)}) loaded.push(...Object.keys(await import(entry)));
    const cache = Object.keys(createRequire(import.meta.url).cache);
    const backends = ['better-sqlite3', 'ioredis'].filter((name) => cache.some((file) => file.includes('/node_modules/' + name + '/')));
    console.log(JSON.stringify({ exports: loaded, backends }));
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
  return JSON.parse(stdout) as { exports: string[]; backends: string[] };
}

describe('the package root', () => {
  let dist: string;
  const entry = (name: string) => pathToFileURL(path.join(dist, name)).href;

  beforeAll(async () => {
    dist = await buildDist();
  }, 120_000);

  it('loads neither better-sqlite3 nor ioredis when imported', async () => {
    const { exports, backends } = await backendsLoadedBy([entry('index.js')]);
    expect(exports).toEqual(expect.arrayContaining(['memoryCache', 'sqliteCache', 'redisCache', 'MemoryCacheStore']));
    expect(backends).toEqual([]);
  });

  it('loads the backend through its subpath, which proves the check above can see it', async () => {
    const { backends } = await backendsLoadedBy([entry('index.js'), entry('sqlite.js'), entry('redis.js')]);
    expect(backends).toEqual(['better-sqlite3', 'ioredis']);
  });
});
