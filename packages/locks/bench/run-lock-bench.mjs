// Runs benchLocks for our providers and for raw baselines (bench/raw-lock-baselines.ts) on the same
// servers, in the same process, and prints medians plus our Redis providers' ratio to raw redlock:
//   node bench/run-lock-bench.mjs [pairs] [--rounds N] [--chunk N] [--only name,name]
// REDIS_URL selects the shared Redis; the 3-node quorum adds two throwaway `redis-server`s on free
// ports (no persistence), shut down at the end. Each round is one measurement of `pairs` pairs per
// subject, taken in chunks of `--chunk` pairs that alternate between the subjects (in a rotating
// order), so a burst of load from other processes on a shared machine hits every subject alike
// instead of whichever happened to run then. Tables show medians over rounds; ratios are taken per
// round, where both sides saw the same load, and then their median.
// The TypeScript sources are loaded through jiti, like the integration tests' child processes.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createSourceImporter } from '../test/fixtures/source-loader.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '3' }, chunk: { type: 'string', default: '50' }, only: { type: 'string' } },
});
const pairs = Number(positionals[0] ?? 2000);
const rounds = Number(values.rounds);
const chunk = Number(values.chunk);
const only = values.only ? new Set(values.only.split(',')) : null;

const importSource = await createSourceImporter();
const { benchLocks, summarizeLockPairs, timeLockPairs } = await importSource('bench/lock-bench.ts');
const { FileLockProvider } = await importSource('src/file.ts');
const { CacheLockProvider } = await importSource('src/cache.ts');
const { RedisLockProvider } = await importSource('src/redis.ts');
const { SqliteCacheStore } = await importSource('@monkeyslegion/scheduler-cache/sqlite');
const { startScratchRedis } = await importSource('test/integration/redis-servers.ts');
// Baselines load ioredis and redlock through the same loader as our providers: same module copies.
const { rawRedlockLocker, rawSetNxLocker } = await importSource('bench/raw-lock-baselines.ts');

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'legion-lock-bench-'));
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const prefix = `bench-${process.pid}-${randomBytes(3).toString('hex')}`;
const wants = (name) => only === null || only.has(name);
const needsQuorum = ['redis-quorum', 'raw-redlock-quorum'].some(wants);
const scratch = needsQuorum ? await Promise.all([startScratchRedis(), startScratchRedis()]) : [];
const quorumUrls = [redisUrl, ...scratch.map((server) => server.url)];
const store = new SqliteCacheStore({ file: path.join(dir, 'cache.db') });

const factories = [
  ['file', () => new FileLockProvider({ dir: path.join(dir, 'locks') })],
  ['sqlite-cache', () => new CacheLockProvider(store)],
  ['redis', () => new RedisLockProvider({ url: redisUrl, prefix: `${prefix}:ours:` })],
  ['raw-redlock', () => rawRedlockLocker([redisUrl], `${prefix}:redlock:`)],
  ['raw-set-nx', () => rawSetNxLocker(redisUrl, `${prefix}:setnx:`)],
  ['redis-quorum', () => new RedisLockProvider({ urls: quorumUrls, prefix: `${prefix}:ours-q:` })],
  ['raw-redlock-quorum', () => rawRedlockLocker(quorumUrls, `${prefix}:redlock-q:`)],
];
const subjects = factories.filter(([name]) => wants(name)).map(([name, create]) => ({ name, provider: create(), runs: [] }));

try {
  // A warm-up keeps JIT compilation, first connections and script loading out of the numbers.
  for (const subject of subjects) await benchLocks(subject.provider, { pairs: Math.min(500, pairs) });
  for (let round = 0; round < rounds; round += 1) {
    const chunks = new Map(subjects.map((subject) => [subject, []]));
    for (let done = 0, turn = 0; done < pairs; done += chunk, turn += 1) {
      const size = Math.min(chunk, pairs - done);
      const shift = turn % subjects.length;
      for (const subject of [...subjects.slice(shift), ...subjects.slice(0, shift)]) {
        chunks.get(subject).push(await timeLockPairs(subject.provider, { pairs: size }));
      }
    }
    for (const subject of subjects) subject.runs.push(summarizeLockPairs(chunks.get(subject)));
  }
} finally {
  for (const subject of subjects) await subject.provider.close();
  await store.close();
  await Promise.all(scratch.map((server) => server.stop()));
  await fs.rm(dir, { recursive: true, force: true });
}

const median = (numbers) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const byName = new Map(subjects.map((subject) => [subject.name, subject]));
/** Per round ours ÷ baseline (pairs per second), then the median: both sides of a ratio shared their round's load. */
const ratio = (ours, baseline) => {
  const a = byName.get(ours);
  const b = byName.get(baseline);
  if (!a || !b) return '';
  return median(a.runs.map((run, index) => run.pairsPerSecond / b.runs[index].pairsPerSecond)).toFixed(2);
};
const baselineOf = { redis: 'raw-redlock', 'redis-quorum': 'raw-redlock-quorum' };

console.log(`${pairs} sequential acquire + release pairs per subject and round, in chunks of ${chunk} alternating between subjects; medians over ${rounds} rounds`);
console.table(
  subjects.map((subject) => ({
    subject: subject.name,
    'pairs/s': Math.round(median(subject.runs.map((run) => run.pairsPerSecond))),
    'p50 ms': median(subject.runs.map((run) => run.p50Ms)),
    'p99 ms': median(subject.runs.map((run) => run.p99Ms)),
    'vs raw redlock': baselineOf[subject.name] ? ratio(subject.name, baselineOf[subject.name]) : '',
    'pairs/s per round': subject.runs.map((run) => run.pairsPerSecond).join(' '),
  })),
);
