// Runs benchLocks once per provider (file, SQLite cache, Redis) and prints a table:
//   node bench/run-lock-bench.mjs [pairs]        (REDIS_URL selects the Redis server)
// The TypeScript sources are loaded through jiti, like the integration tests' child processes.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createSourceImporter } from '../test/fixtures/source-loader.mjs';

const pairs = Number(process.argv[2] ?? 2000);
const importSource = await createSourceImporter();
const { benchLocks } = await importSource('bench/lock-bench.ts');
const { FileLockProvider } = await importSource('src/file.ts');
const { CacheLockProvider } = await importSource('src/cache.ts');
const { RedisLockProvider } = await importSource('src/redis.ts');
const { SqliteCacheStore } = await importSource('@monkeyslegion/scheduler-cache/sqlite');

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'legion-lock-bench-'));
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const store = new SqliteCacheStore({ file: path.join(dir, 'cache.db') });
const providers = [
  ['file', new FileLockProvider({ dir: path.join(dir, 'locks') })],
  ['sqlite-cache', new CacheLockProvider(store)],
  ['redis', new RedisLockProvider({ url: redisUrl, prefix: `bench-${process.pid}:lock:` })],
];

const rows = [];
try {
  for (const [name, provider] of providers) {
    // A short warm-up keeps JIT compilation and first connections out of the numbers.
    await benchLocks(provider, { pairs: Math.min(200, pairs) });
    rows.push({ provider: name, pairs, ...(await benchLocks(provider, { pairs })) });
  }
} finally {
  for (const [, provider] of providers) await provider.close();
  await store.close();
  await fs.rm(dir, { recursive: true, force: true });
}
console.table(rows);
