import { CONSUMER_GROUP, redisDriverKeys } from '@monkeyslegion/scheduler-drivers/redis';
import { Redis } from 'ioredis';
import pg from 'pg';

/**
 * How many runs `consumer` holds claimed and not yet acked, read from the queue itself (the key layout
 * and table documented in the drivers README): the runs a SIGKILL of that consumer can duplicate.
 */
export async function redisInFlight(redisUrl: string, appPrefix: string, consumer: string): Promise<number> {
  const client = new Redis(redisUrl);
  try {
    const summary = (await client.xpending(redisDriverKeys(`${appPrefix}:`).stream, CONSUMER_GROUP)) as [number, string | null, string | null, [string, string][] | null];
    return Number(summary[3]?.find(([name]) => name === consumer)?.[1] ?? 0);
  } finally {
    client.disconnect();
  }
}

/** The same for the PostgreSQL driver: pending rows claimed by `consumer` whose visibility deadline is ahead. */
export async function postgresInFlight(databaseUrl: string, schema: string, consumer: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ count: string }>(
      `SELECT COUNT(*) AS count FROM "${schema}".legion_runs WHERE status = 'pending' AND claimed_by = $1 AND visible_at > (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint`,
      [consumer],
    );
    return Number(result.rows[0]!.count);
  } finally {
    await client.end();
  }
}

/** Drops a test schema. */
export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
