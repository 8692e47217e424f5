import { execFileSync } from 'node:child_process';
import { testDatabaseUrl, testRedisUrl } from '@monkeyslegion/scheduler-core/testing';

/**
 * Deletes every Redis key containing `prefix` (the test's unique namespace): plain keys start with it,
 * the driver's keys carry it inside a `{…}` hash tag.
 */
export function deleteRedisKeys(prefix: string): void {
  if (!/^[A-Za-z0-9_]+$/.test(prefix)) throw new Error(`refusing to delete keys matching ${prefix}`);
  const url = testRedisUrl();
  const keys = execFileSync('redis-cli', ['-u', url, '--scan', '--pattern', `*${prefix}*`], { encoding: 'utf8' })
    .split('\n')
    .filter((key) => key !== '');
  for (let index = 0; index < keys.length; index += 500) execFileSync('redis-cli', ['-u', url, 'del', ...keys.slice(index, index + 500)]);
}

/** Drops a PostgreSQL schema and everything in it. */
export function dropPostgresSchema(schema: string): void {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`refusing to drop schema ${schema}`);
  execFileSync('psql', [testDatabaseUrl(), '-q', '-c', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`], { stdio: 'ignore' });
}
