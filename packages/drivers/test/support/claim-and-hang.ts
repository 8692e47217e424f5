// Child script for the crash test: opens a driver from the JSON spec in argv[2], claims argv[3] runs
// with the visibility timeout argv[4] (ms), prints their ids as one JSON line, then hangs without
// acking until the parent SIGKILLs it.
import type { Driver } from '@monkeyslegion/scheduler-core';
import { RedisDriver } from '../../src/redis.js';
import { SqlDriver } from '../../src/sql.js';

type Spec = { kind: 'redis'; url: string; prefix: string } | { kind: 'sql'; url: string; prefix?: string; schema?: string };

const spec = JSON.parse(process.argv[2] ?? '{}') as Spec;
const count = Number(process.argv[3]);
const visibilityMs = Number(process.argv[4]);
const driver: Driver = spec.kind === 'redis' ? new RedisDriver({ url: spec.url, prefix: spec.prefix }) : new SqlDriver({ url: spec.url, prefix: spec.prefix, schema: spec.schema });

const ids: string[] = [];
while (ids.length < count) {
  const runs = await driver.claim(`doomed-${process.pid}`, count - ids.length, visibilityMs);
  if (runs.length === 0) throw new Error(`only ${ids.length} of ${count} runs were claimable`);
  ids.push(...runs.map((run) => run.id));
}
process.stdout.write(`${JSON.stringify(ids)}\n`);
setInterval(() => undefined, 60_000);
