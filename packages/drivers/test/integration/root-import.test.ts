import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('../../', import.meta.url));

/** Imports `entry` in a fresh `node` process and reports which backend libraries got loaded. */
async function importInChild(entry: string): Promise<{ exports: string[]; backends: string[] }> {
  const { stdout } = await run(
    process.execPath,
    ['--import', './test/support/register-typescript.mjs', './test/support/loaded-backends.ts', entry],
    { cwd: packageDir, timeout: 60_000 },
  );
  return JSON.parse(stdout) as { exports: string[]; backends: string[] };
}

describe('package entry points', () => {
  it('load no backend client when the root is imported', async () => {
    const root = await importInChild('src/index.ts');
    expect(root.exports).toEqual(expect.arrayContaining(['redisDriver', 'sqlDriver', 'validatePayload']));
    expect(root.backends).toEqual([]);
  });

  it('load ioredis through ./redis, which proves the check above can see a loaded backend', async () => {
    const redis = await importInChild('src/redis.ts');
    expect(redis.exports).toContain('RedisDriver');
    expect(redis.backends).toEqual(['ioredis']);
  });

  it('load neither pg nor better-sqlite3 through ./sql until a driver opens its engine', async () => {
    const sql = await importInChild('src/sql.ts');
    expect(sql.exports).toContain('SqlDriver');
    expect(sql.backends).toEqual([]);
  });
});
