#!/usr/bin/env node
// Cold start of `legion schedule:run --force`: from launching the process to the first task child
// process existing, with N discovered @Scheduled task files, without and with the task manifest
// (`schedule:optimize`). Usage: node bench/cold-start.mjs [--tasks=1000] [--runs=5] [--json]
// apps/bench can import { measureColdStart } instead.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const packagesDir = path.resolve(here, '../..');
const legionBin = path.resolve(here, '../dist/bin.js');

// Preloaded into every process through NODE_OPTIONS; only a task child (it has LEGION_TASK_ID) writes
// when its process started (performance.timeOrigin), i.e. when it was spawned.
const SPAWN_MARK = `
if (process.env.LEGION_TASK_ID && process.env.LEGION_BENCH_MARK) {
  require('node:fs').writeFileSync(process.env.LEGION_BENCH_MARK, String(performance.timeOrigin));
}
`;

/** Creates an app (in a temp folder) with `count` task files, one class each; only the first carries the tag `first`. */
export async function createBenchApp(count) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'legion-bench-'));
  await mkdir(path.join(dir, 'tasks'), { recursive: true });
  await mkdir(path.join(dir, 'node_modules', '@monkeyslegion'), { recursive: true });
  for (const pkg of ['core', 'cache', 'locks', 'drivers', 'runner']) {
    await symlink(path.join(packagesDir, pkg), path.join(dir, 'node_modules', '@monkeyslegion', `scheduler-${pkg}`), 'dir');
  }
  await writeFile(
    path.join(dir, 'scheduler.config.ts'),
    "import { defineConfig } from '@monkeyslegion/scheduler-core';\n\nexport default defineConfig({ timezone: 'UTC', discover: ['./tasks'] });\n",
  );
  for (let index = 0; index < count; index++) {
    const name = `Task${String(index).padStart(4, '0')}`;
    await writeFile(
      path.join(dir, 'tasks', `${name.toLowerCase()}.ts`),
      `import { Scheduled, type TaskContext } from '@monkeyslegion/scheduler-core';\n\n` +
        `@Scheduled({ expression: '${index % 60} ${index % 24} * * *', name: '${name}', tags: ['${index === 0 ? 'first' : 'bulk'}'] })\n` +
        `export class ${name} {\n  handle(ctx: TaskContext): void {\n    console.log(ctx.taskId);\n  }\n}\n`,
    );
  }
  await writeFile(path.join(dir, 'spawn-mark.cjs'), SPAWN_MARK);
  return dir;
}

function legion(dir, args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [legionBin, ...args], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`legion ${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}

async function coldStartOnce(dir) {
  const mark = path.join(dir, 'spawn-mark.txt');
  await rm(mark, { force: true });
  const env = { NODE_OPTIONS: `--require ${path.join(dir, 'spawn-mark.cjs')}`, LEGION_BENCH_MARK: mark, LEGION_LOG_LEVEL: 'warn' };
  const launchedAt = performance.timeOrigin + performance.now();
  await legion(dir, ['schedule:run', '--force', '--tag=first'], env);
  return Number(await readFile(mark, 'utf8')) - launchedAt;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Measures the cold start of `legion schedule:run --force` with `tasks` discovered task files, `runs`
 * times without and with the manifest (after one warm-up run each, so jiti's transform cache is warm as
 * in production). Returns milliseconds.
 */
export async function measureColdStart({ tasks = 1000, runs = 5 } = {}) {
  const dir = await createBenchApp(tasks);
  try {
    await legion(dir, ['schedule:optimize', '--clear']);
    await coldStartOnce(dir);
    const scan = [];
    for (let run = 0; run < runs; run++) scan.push(await coldStartOnce(dir));
    await legion(dir, ['schedule:optimize']);
    await coldStartOnce(dir);
    const manifest = [];
    for (let run = 0; run < runs; run++) manifest.push(await coldStartOnce(dir));
    return {
      tasks,
      runs,
      withoutManifestMs: { median: Math.round(median(scan)), all: scan.map(Math.round) },
      withManifestMs: { median: Math.round(median(manifest)), all: manifest.map(Math.round) },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const option = (name, fallback) => Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
  const result = await measureColdStart({ tasks: option('tasks', 1000), runs: option('runs', 5) });
  if (process.argv.includes('--json')) console.log(JSON.stringify(result));
  else {
    console.log(`legion schedule:run --force, ${result.tasks} discovered tasks, median of ${result.runs} (process start -> first task child spawned):`);
    console.log(`  without manifest: ${result.withoutManifestMs.median} ms  (${result.withoutManifestMs.all.join(', ')})`);
    console.log(`  with manifest:    ${result.withManifestMs.median} ms  (${result.withManifestMs.all.join(', ')})`);
  }
}
