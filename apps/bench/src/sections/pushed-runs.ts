import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Driver } from '@monkeyslegion/scheduler-core';
import { sqlTablePrefix } from '@monkeyslegion/scheduler-drivers/sql';
import { Queue } from 'bullmq';
import { parseStamp } from '../measure/capturing-logger.js';
import { registerCleanup } from '../measure/exit-cleanup.js';
import { dropSchema } from '../measure/postgres-schema.js';
import { preciseNow } from '../measure/precise-now.js';
import { deleteKeysContaining } from '../measure/redis-keys.js';
import { runPool } from '../measure/run-pool.js';
import { summarize, type Summary } from '../measure/stats.js';
import { SubjectStream } from '../measure/subject-stream.js';
import { formatMs, formatRate, formatRatio, medianP99, medianRange } from '../report/format.js';
import type { GoalCheck, ReportTable } from '../report/report-model.js';
import type { BullmqWorkerEvent, BullmqWorkerInput } from '../subjects/bullmq-worker.js';
import type { DaemonEvent, DaemonSubjectResult } from '../subjects/daemon-events.js';
import type { BenchSection, SectionContext } from './section.js';

const ISSUE_GOAL = "Goal: Redis push → dispatch p50 ≤ 3× BullMQ's add → start.";
// Pushes in flight at once in the throughput runs, and the daemon's default pushed-run concurrency.
const PUSH_CONCURRENCY = 16;
const WARMUP_PUSHES = 3;
const EVENT_TIMEOUT_MS = 30_000;

type BackendId = 'redis' | 'sqlite' | 'postgres';

interface BackendFigures {
  dispatch: Summary;
  childStart: Summary;
  pushCall: Summary;
  throughput: Summary;
  problems: string[];
}

interface BullmqFigures {
  start: Summary;
  addCall: Summary;
  throughputNoop: Summary;
  throughputSpawn: Summary;
}

/** Section 4: pushed-run latency and throughput for our drivers beside BullMQ on the same Redis. */
export const pushedRunsSection: BenchSection = {
  id: 'pushed',
  title: '4. Pushed-run latency and throughput',
  async run(context) {
    const results = new Map<BackendId, BackendFigures | string>();
    const schema = pushedSchema(context);
    const unregister = registerCleanup(async () => {
      await deleteKeysContaining(context.redisUrl, `${context.runPrefix}-`);
      await dropSchema(context.databaseUrl, schema);
    });
    try {
      for (const backend of ['redis', 'sqlite', 'postgres'] as const) {
        context.log(`pushed: ${backend} driver`);
        try {
          results.set(backend, await measureBackend(context, backend));
        } catch (error) {
          results.set(backend, (error as Error).message);
          context.log(`pushed: ${backend} failed: ${(error as Error).message}`);
        }
      }
      context.log('pushed: BullMQ');
      let bullmq: BullmqFigures | string;
      try {
        bullmq = await measureBullmq(context);
      } catch (error) {
        bullmq = (error as Error).message;
      }
      return buildReport(context, results, bullmq);
    } finally {
      await deleteKeysContaining(context.redisUrl, `${context.runPrefix}-`).catch(() => 0);
      unregister();
    }
  },
};

async function measureBackend(context: SectionContext, backend: BackendId): Promise<BackendFigures> {
  const { plan } = context;
  const prefix = `${context.runPrefix}-${backend}`;
  const dataDir = path.join(context.workDir, `pushed-${backend}`);
  const schema = pushedSchema(context);
  const driverPrefix = backend === 'redis' ? `${prefix}:` : sqlTablePrefix(prefix);
  const sqliteFile = path.join(dataDir, 'pushed.db');
  const env: Record<string, string> = {
    BENCH_DRIVER: backend,
    BENCH_PREFIX: prefix,
    BENCH_DATA_DIR: dataDir,
    BENCH_DRIVER_PREFIX: driverPrefix,
    BENCH_REDIS_URL: context.redisUrl,
    BENCH_SQLITE_FILE: sqliteFile,
    BENCH_DATABASE_URL: context.databaseUrl,
    BENCH_PG_SCHEMA: schema,
  };
  const fixtureDir = fileURLToPath(new URL('../../fixtures/pushed-app/', import.meta.url));
  const daemon = await SubjectStream.start<DaemonEvent, DaemonSubjectResult>('daemon', { fixtureDir, env, servePushed: true }, 15 * 60_000);
  let driver: Driver | null = null;
  try {
    driver = await openDriver(backend, context, { driverPrefix, sqliteFile, schema });
    const runs = trackRuns(daemon);

    const pushAndWait = async () => {
      const starting = daemon.waitFor((event) => event.type === 'starting' && event.taskId === 'stamp', EVENT_TIMEOUT_MS);
      const pushedAt = preciseNow();
      await driver!.push({ taskId: 'stamp' });
      const returnedAt = preciseNow();
      const started = (await starting) as Extract<DaemonEvent, { type: 'starting' }>;
      const run = await runs.finished(started.runId);
      return { dispatch: started.at - pushedAt, childStart: run.stamp === null ? Number.NaN : run.stamp - pushedAt, pushCall: returnedAt - pushedAt };
    };
    for (let i = 0; i < WARMUP_PUSHES; i++) await pushAndWait();
    const dispatch: number[] = [];
    const childStart: number[] = [];
    const pushCall: number[] = [];
    for (let i = 0; i < plan.pushed.latencyRuns; i++) {
      const sample = await pushAndWait();
      dispatch.push(sample.dispatch);
      childStart.push(sample.childStart);
      pushCall.push(sample.pushCall);
    }

    const perSecond: number[] = [];
    for (let round = 0; round < plan.pushed.throughputRounds; round++) {
      const total = plan.pushed.throughputRuns;
      const allDone = runs.countFinished('noop', total, EVENT_TIMEOUT_MS + total * 200);
      const begin = preciseNow();
      await runPool(total, PUSH_CONCURRENCY, () => driver!.push({ taskId: 'noop' }));
      const end = await allDone;
      perSecond.push((total / (end - begin)) * 1000);
    }
    const report = await daemon.stop();
    return { dispatch: summarize(dispatch), childStart: summarize(childStart), pushCall: summarize(pushCall), throughput: summarize(perSecond), problems: report.problems };
  } catch (error) {
    daemon.kill();
    throw error;
  } finally {
    await driver?.close().catch(() => undefined);
    if (backend === 'postgres') await dropSchema(context.databaseUrl, schema).catch((error: unknown) => context.log(`pushed: dropping schema ${schema} failed: ${(error as Error).message}`));
  }
}

function pushedSchema(context: SectionContext): string {
  return `${context.runPrefix.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}_pushed`;
}

async function openDriver(backend: BackendId, context: SectionContext, names: { driverPrefix: string; sqliteFile: string; schema: string }): Promise<Driver> {
  if (backend === 'redis') {
    const { RedisDriver } = await import('@monkeyslegion/scheduler-drivers/redis');
    return new RedisDriver({ url: context.redisUrl, prefix: names.driverPrefix });
  }
  const { SqlDriver } = await import('@monkeyslegion/scheduler-drivers/sql');
  return backend === 'sqlite'
    ? new SqlDriver({ url: `sqlite:${names.sqliteFile}`, prefix: names.driverPrefix })
    : new SqlDriver({ url: context.databaseUrl, schema: names.schema, prefix: names.driverPrefix });
}

interface TrackedRun {
  taskId: string;
  stamp: number | null;
  finishedAt: number | null;
}

// Follows every run of the daemon by run id, so waits never miss an event that arrived first.
function trackRuns(daemon: SubjectStream<DaemonEvent, DaemonSubjectResult>) {
  const runs = new Map<string, TrackedRun>();
  const finishedCount = new Map<string, number>();
  const waiters = new Set<() => void>();
  daemon.on((event) => {
    if (event.type === 'starting') runs.set(event.runId, { taskId: event.taskId, stamp: null, finishedAt: null });
    else if (event.type === 'line') {
      const run = runs.get(event.runId);
      if (run && run.stamp === null) run.stamp = parseStamp(event.text);
    } else if (event.type === 'finished') {
      const run = runs.get(event.runId);
      if (run) run.finishedAt = preciseNow();
      finishedCount.set(event.taskId, (finishedCount.get(event.taskId) ?? 0) + 1);
    }
    for (const waiter of [...waiters]) waiter();
  });
  const until = <T>(check: () => T | null, timeoutMs: number, what: string) =>
    new Promise<T>((resolve, reject) => {
      const test = () => {
        const value = check();
        if (value === null) return;
        waiters.delete(test);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        waiters.delete(test);
        reject(new Error(`pushed: ${what} did not happen within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.add(test);
      test();
    });
  return {
    finished: (runId: string) => until(() => (runs.get(runId)?.finishedAt ? runs.get(runId)! : null), EVENT_TIMEOUT_MS, `run ${runId} finishing`),
    countFinished: (taskId: string, more: number, timeoutMs: number) => {
      const target = (finishedCount.get(taskId) ?? 0) + more;
      return until(() => ((finishedCount.get(taskId) ?? 0) >= target ? preciseNow() : null), timeoutMs, `${more} ${taskId} runs finishing`);
    },
  };
}

async function measureBullmq(context: SectionContext): Promise<BullmqFigures> {
  const { plan } = context;
  const url = new URL(context.redisUrl);
  const prefix = `${context.runPrefix}-bullmq`;
  const connection = { host: url.hostname, port: Number(url.port || 6379) };
  const queueName = 'bench';
  const queue = new Queue(queueName, { connection, prefix });
  const options = { removeOnComplete: true, removeOnFail: true };
  try {
    await queue.waitUntilReady();
    const worker = await startWorker(connection, prefix, queueName, 'noop');
    const start: number[] = [];
    const addCall: number[] = [];
    let noopRates: number[];
    try {
      const addAndWait = async () => {
        // One job at a time: both waits are registered before the add, since `start` and `done` of a
        // no-op processor can arrive in the same IPC read.
        const started = worker.waitFor((event) => event.type === 'start', EVENT_TIMEOUT_MS);
        const finished = worker.waitFor((event) => event.type === 'done', EVENT_TIMEOUT_MS);
        const addedAt = preciseNow();
        await queue.add('job', {}, options);
        const returnedAt = preciseNow();
        const event = (await started) as Extract<BullmqWorkerEvent, { type: 'start' }>;
        await finished;
        return { start: event.at - addedAt, addCall: returnedAt - addedAt };
      };
      for (let i = 0; i < WARMUP_PUSHES; i++) await addAndWait();
      for (let i = 0; i < plan.pushed.latencyRuns; i++) {
        const sample = await addAndWait();
        start.push(sample.start);
        addCall.push(sample.addCall);
      }
      noopRates = await bullmqThroughput(context, queue, worker, options);
      await worker.stop();
    } catch (error) {
      worker.kill();
      throw error;
    }
    const spawning = await startWorker(connection, prefix, queueName, 'spawn');
    let spawnRates: number[];
    try {
      spawnRates = await bullmqThroughput(context, queue, spawning, options);
      await spawning.stop();
    } catch (error) {
      spawning.kill();
      throw error;
    }
    return { start: summarize(start), addCall: summarize(addCall), throughputNoop: summarize(noopRates), throughputSpawn: summarize(spawnRates) };
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close().catch(() => undefined);
  }
}

function startWorker(connection: { host: string; port: number }, prefix: string, queue: string, mode: BullmqWorkerInput['mode']) {
  const input: BullmqWorkerInput = { ...connection, prefix, queue, concurrency: PUSH_CONCURRENCY, mode };
  return SubjectStream.start<BullmqWorkerEvent, number>('bullmq-worker', input, 15 * 60_000);
}

async function bullmqThroughput(context: SectionContext, queue: Queue, worker: SubjectStream<BullmqWorkerEvent, number>, options: object): Promise<number[]> {
  const rates: number[] = [];
  for (let round = 0; round < context.plan.pushed.throughputRounds; round++) {
    const total = context.plan.pushed.throughputRuns;
    let done = 0;
    let resolveAll!: (at: number) => void;
    const all = new Promise<number>((resolve) => (resolveAll = resolve));
    const off = worker.on((event) => {
      if (event.type === 'done' && ++done === total) resolveAll(preciseNow());
    });
    const begin = preciseNow();
    await runPool(total, PUSH_CONCURRENCY, () => queue.add('job', {}, options));
    const timeout = new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`BullMQ: ${total} jobs did not finish in time`)), EVENT_TIMEOUT_MS + total * 200).unref());
    const end = await Promise.race([all, timeout]).finally(off);
    rates.push((total / (end - begin)) * 1000);
  }
  return rates;
}

function buildReport(context: SectionContext, results: Map<BackendId, BackendFigures | string>, bullmq: BullmqFigures | string) {
  const latency: ReportTable = {
    caption: `Latency of a pushed run, one at a time (${context.plan.pushed.latencyRuns} samples after ${WARMUP_PUSHES} warm-up pushes; median and p99). Push → dispatch = the daemon's \`TaskStarting\` − the moment \`driver.push()\` was called; push → child start = the stamp printed by the child (\`date +%s%N\`) − the same moment.`,
    headers: ['backend', 'push → dispatch', 'push → child start', 'push() call returns'],
    rows: [],
  };
  const throughput: ReportTable = {
    caption: `Sustained pushed runs per second: ${context.plan.pushed.throughputRuns} runs pushed with ${PUSH_CONCURRENCY} pushes in flight, measured until the last finished (median and min–max over ${context.plan.pushed.throughputRounds} round(s)). Each of our runs spawns \`sh -c true\` and records its state; the daemon runs up to 16 pushed runs at once (its default).`,
    headers: ['backend', 'runs per second'],
    rows: [],
  };
  const findings: string[] = [];
  const labels: Record<BackendId, string> = {
    redis: 'ours: Redis driver (Redis cache + locks)',
    sqlite: 'ours: SQLite driver (embedded cache + file locks)',
    postgres: 'ours: PostgreSQL driver (embedded cache + file locks)',
  };
  for (const [backend, figures] of results) {
    if (typeof figures === 'string') {
      latency.rows.push([labels[backend], `failed: ${figures}`, '', '']);
      findings.push(`The ${backend} driver could not be measured: ${figures}`);
      continue;
    }
    latency.rows.push([labels[backend], medianP99(figures.dispatch), medianP99(figures.childStart), medianP99(figures.pushCall)]);
    throughput.rows.push([labels[backend], medianRange(figures.throughput, (value) => formatRate(value))]);
    for (const problem of figures.problems) findings.push(`The ${backend} daemon logged: ${problem}`);
  }
  if (typeof bullmq === 'string') {
    latency.rows.push(['BullMQ (add → processor start)', `failed: ${bullmq}`, '', '']);
    findings.push(`BullMQ could not be measured: ${bullmq}`);
  } else {
    latency.rows.push(['BullMQ (add → processor start, worker in another process)', medianP99(bullmq.start), '(no child)', medianP99(bullmq.addCall)]);
    throughput.rows.push(['BullMQ, no-op processor', medianRange(bullmq.throughputNoop, (value) => formatRate(value))]);
    throughput.rows.push(['BullMQ, processor spawning `sh -c true`', medianRange(bullmq.throughputSpawn, (value) => formatRate(value))]);
  }

  const goals: GoalCheck[] = [];
  const redis = results.get('redis');
  if (typeof redis === 'object' && typeof bullmq === 'object') {
    const ratio = redis.dispatch.median / bullmq.start.median;
    goals.push({
      goal: "Redis push → dispatch p50 ≤ 3× BullMQ's add → start",
      measured: `ours ${formatMs(redis.dispatch.median)} vs BullMQ ${formatMs(bullmq.start.median)} (${formatRatio(ratio)})`,
      verdict: ratio <= 3 ? 'met' : 'missed',
      ...(ratio <= 3 ? {} : { gap: `Ours is ${formatRatio(ratio)} BullMQ's add → start, ${formatRatio(ratio / 3)} over the 3× allowed (${formatMs(redis.dispatch.median - 3 * bullmq.start.median)} too slow at the median).` }),
    });
  } else {
    goals.push({ goal: "Redis push → dispatch p50 ≤ 3× BullMQ's add → start", measured: '—', verdict: 'not-measured', gap: 'The Redis driver or BullMQ could not be measured in this run.' });
  }
  const failed = [...results.values()].some((figures) => typeof figures === 'string') || typeof bullmq === 'string';
  return {
    id: pushedRunsSection.id,
    title: pushedRunsSection.title,
    status: failed ? ('partial' as const) : ('measured' as const),
    issueGoals: ISSUE_GOAL,
    method: [
      'Ours: the runner\'s `Daemon` in its own process on `apps/bench/fixtures/pushed-app` (tasks `stamp` = `date +%s%N` and `noop` = `true`, both `allowOverlapping()`), serving pushed runs; the harness pushes with the driver class itself (`RedisDriver` / `SqlDriver` with the same prefix the plugin uses) — what `createPusher` does after its registry check. A push wakes the daemon through `driver.wait()` (Redis pub/sub, PostgreSQL LISTEN/NOTIFY, SQLite data_version polling).',
      'BullMQ: a `Queue` in the harness and a `Worker` (concurrency 16) in another process on the same Redis; add → start = the processor\'s first line − the moment `queue.add()` was called. Throughput is shown for a no-op processor and for one that spawns `sh -c true`, the same work as one of our pushed runs.',
      'Every key (prefix unique to the run) and the PostgreSQL schema are deleted afterwards.',
    ],
    tables: [latency, throughput],
    goals,
    findings,
  };
}
