import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { preciseNow } from '../measure/precise-now.js';
import { summarize, type Summary } from '../measure/stats.js';
import { formatCount, medianRange } from '../report/format.js';
import type { ReportTable } from '../report/report-model.js';
import { writeColdStartApp, type ColdStartApp } from '../workload/cold-start-app.js';
import type { BenchSection } from './section.js';

// apps/bench does not depend on the CLI package (adding it needs an install); the built binary is run by path.
const LEGION_BIN = fileURLToPath(new URL('../../../../packages/cli/dist/bin.js', import.meta.url));

/** Section 6: cold start of `legion schedule:run` with 1,000 tasks, with and without the manifest, and `schedule:list`. */
export const coldStartSection: BenchSection = {
  id: 'cold-start',
  title: '6. Cold start',
  async run(context) {
    const { plan } = context;
    const tasks = plan.coldStart.tasks;
    const base = {
      id: coldStartSection.id,
      title: coldStartSection.title,
      issueGoals: null,
      goals: [],
    };
    if (!existsSync(LEGION_BIN)) {
      return {
        ...base,
        status: 'not-measured' as const,
        method: [],
        tables: [],
        findings: [`Not measured yet: the CLI binary ${path.relative(process.cwd(), LEGION_BIN)} is not built (run \`pnpm build\`).`],
      };
    }
    const app = writeColdStartApp(path.join(context.workDir, 'cold-start-app'), tasks);
    try {
      context.log(`cold-start: ${tasks} discovered tasks, ${plan.coldStart.repeats} run(s) per mode`);
      // A fresh app has no manifest. One untimed run first: jiti transpiles the task files once and caches them, as in production.
      await firstSpawn(app);
      const scan = await repeat(plan.coldStart.repeats, () => firstSpawn(app));
      const listScan = await repeat(plan.coldStart.repeats, () => legion(app, ['schedule:list']));
      await legion(app, ['schedule:optimize']);
      const manifest = await repeat(plan.coldStart.repeats, () => firstSpawn(app));
      const listManifest = await repeat(plan.coldStart.repeats, () => legion(app, ['schedule:list']));
      const table: ReportTable = {
        caption: `Median and min–max over ${plan.coldStart.repeats} run(s), after one untimed \`schedule:run\` that lets jiti transpile and cache the task files (as in production, where the cache is warm).`,
        headers: ['command', `without manifest (scans ${formatCount(tasks)} files)`, 'with `schedule:optimize` manifest'],
        rows: [
          ['`legion schedule:run --force --tag=first`: process start → first task child spawned', medianRange(scan), medianRange(manifest)],
          ['`legion schedule:list`: process start → exit', medianRange(listScan), medianRange(listManifest)],
        ],
      };
      return {
        ...base,
        status: 'measured' as const,
        method: [
          `A generated app with ${formatCount(tasks)} discovered @Scheduled classes, one file each, on the minute-level families of the realistic mix (40 % in non-UTC zones); embedded defaults (SQLite cache, file locks). The built \`packages/cli/dist/bin.js\` is launched as \`node bin.js …\` in the app folder.`,
          '`schedule:run --force --tag=first` boots, discovers (or reads the manifest of) all tasks, selects the one tagged task and spawns it: the time from launching the process to the task child\'s own `performance.timeOrigin`, written by a script preloaded through `NODE_OPTIONS` (only task children, which carry `LEGION_TASK_ID`, write it). `--force` spawns exactly one child per run whatever the minute; without it a second run in the same minute would find its slot already claimed.',
        ],
        tables: [table],
        findings: [],
      };
    } finally {
      rmSync(app.dir, { recursive: true, force: true });
    }
  },
};

async function repeat(times: number, measure: () => Promise<number>): Promise<Summary> {
  const samples: number[] = [];
  for (let run = 0; run < times; run++) samples.push(await measure());
  return summarize(samples);
}

async function firstSpawn(app: ColdStartApp): Promise<number> {
  const mark = path.join(app.dir, 'spawn-mark.txt');
  rmSync(mark, { force: true });
  const launchedAt = preciseNow();
  await legion(app, ['schedule:run', '--force', '--tag=first'], { NODE_OPTIONS: `--require ${app.markScript}`, BENCH_SPAWN_MARK: mark });
  if (!existsSync(mark)) throw new Error('cold-start: schedule:run finished without spawning the tagged task');
  return Number(readFileSync(mark, 'utf8')) - launchedAt;
}

/** Runs `legion <args>` in the app; resolves with its wall time (ms), rejects on a non-zero exit. */
function legion(app: ColdStartApp, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = preciseNow();
    const child = spawn(process.execPath, [LEGION_BIN, ...args], {
      cwd: app.dir,
      env: { ...process.env, LEGION_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(preciseNow() - started);
      else reject(new Error(`legion ${args.join(' ')} exited with ${code}: ${stderr.trim().split('\n').slice(-2).join(' | ')}`));
    });
  });
}
