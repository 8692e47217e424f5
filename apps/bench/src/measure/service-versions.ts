import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { redactUrl } from '@monkeyslegion/scheduler-core';
import { Redis } from 'ioredis';

const run = promisify(execFile);

/** Versions of the Redis and PostgreSQL services the run uses, or why they could not be read. */
export async function serviceVersions(redisUrl: string, databaseUrl: string): Promise<Record<string, string>> {
  const versions: Record<string, string> = {};
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  try {
    await redis.connect();
    const info = await redis.info('server');
    versions.Redis = `${/redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown'} at ${redactUrl(redisUrl)}`;
  } catch (error) {
    versions.Redis = `unreachable at ${redactUrl(redisUrl)} (${(error as Error).message})`;
  } finally {
    redis.disconnect();
  }
  try {
    const { stdout } = await run('psql', [databaseUrl, '-tAc', 'SHOW server_version'], { timeout: 5000 });
    versions.PostgreSQL = `${stdout.trim()} at ${redactUrl(databaseUrl)}`;
  } catch (error) {
    versions.PostgreSQL = `unreachable at ${redactUrl(databaseUrl)} (${(error as Error).message.split('\n')[0]})`;
  }
  return versions;
}
