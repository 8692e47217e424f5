/**
 * Micro-benchmark of cron evaluation through `Task`: creation of many tasks, the first `nextRunAt`
 * for all of them, heap per task, and `nextRunAt` latency per pattern and zone.
 *
 * Run from packages/core (the heap figure needs --expose-gc):
 *   node --expose-gc ../runner/node_modules/jiti/lib/jiti-cli.mjs bench/cron-bench.ts [--tasks=100000] [--calls=5000] [--dist]
 * `--dist` measures the built `dist/` (run `npx tsc -b` first) instead of the TypeScript sources.
 */
import type { Task as TaskClass, TaskDefinition } from '../src/task/task.js';

const PATTERNS = ['*/5 * * * *', '0 * * * *', '30 2 * * *', '0 9 * * 1', '0 0 1 * *', '0 0 L * *', '0 9 * * 1#2', '*/15 * * * * *'];
const ZONES = ['UTC', 'America/New_York', 'Europe/London', 'Asia/Tokyo'];
// A fixed start keeps runs comparable; 2026-03-01 puts the latency walk across a spring-forward.
const START = Date.UTC(2026, 2, 1, 12, 0, 0);

const options = new Map(
  process.argv.slice(2).map((argument) => {
    const [name = '', value = 'true'] = argument.replace(/^--/, '').split('=');
    return [name, value] as const;
  }),
);
const taskCount = Number(options.get('tasks') ?? 100_000);
const callCount = Number(options.get('calls') ?? 5_000);
const Task: typeof TaskClass = options.has('dist')
  ? ((await import(new URL('../dist/index.js', import.meta.url).href)) as { Task: typeof TaskClass }).Task
  : (await import('../src/task/task.js')).Task;

const collect = (): void => (globalThis as { gc?: () => void }).gc?.();
if (!(globalThis as { gc?: unknown }).gc) console.warn('run node with --expose-gc for a meaningful heap figure');

/** The realistic mix: a third are `M H * * *` with varied minute and hour, the rest cycle through PATTERNS. */
function definitionAt(index: number): TaskDefinition {
  const expression = index % 3 === 0 ? `${index % 60} ${index % 24} * * *` : PATTERNS[index % PATTERNS.length]!;
  return { id: `task-${index}`, kind: 'command', command: 'true', expression, timezone: ZONES[index % ZONES.length]! };
}

const definitions = Array.from({ length: taskCount }, (_, index) => definitionAt(index));
collect();
const heapBefore = process.memoryUsage().heapUsed;
const createStart = performance.now();
const tasks: TaskClass[] = [];
for (const definition of definitions) tasks.push(new Task(definition));
const createMs = performance.now() - createStart;
collect();
const heapPerTask = (process.memoryUsage().heapUsed - heapBefore) / taskCount;

const now = new Date(START);
const firstStart = performance.now();
let checksum = 0;
for (const task of tasks) checksum += task.nextRunAt(now).getTime() % 1000;
const firstMs = performance.now() - firstStart;

console.log(`tasks: ${taskCount} (${options.has('dist') ? 'dist' : 'src'})`);
console.log(`create ${taskCount} tasks: ${createMs.toFixed(0)} ms (${((createMs * 1000) / taskCount).toFixed(2)} µs/task)`);
console.log(`first nextRunAt for ${taskCount}: ${firstMs.toFixed(0)} ms (${((firstMs * 1000) / taskCount).toFixed(2)} µs/task)`);
console.log(`create + first nextRunAt: ${(createMs + firstMs).toFixed(0)} ms`);
console.log(`heap per task: ${heapPerTask.toFixed(0)} bytes`);

console.log(`\nnextRunAt latency over ${callCount} calls from instants ~2.2 h apart (µs):`);
console.log(`${'pattern'.padEnd(18)}${'zone'.padEnd(18)}${'p50'.padStart(8)}${'p99'.padStart(9)}`);
for (const pattern of PATTERNS) {
  for (const zone of ZONES) {
    const task = new Task({ id: 'bench', kind: 'command', command: 'true', expression: pattern, timezone: zone });
    const samples = new Float64Array(callCount);
    for (let call = 0; call < callCount; call++) {
      const from = new Date(START + call * 7_919_000);
      const began = process.hrtime.bigint();
      checksum += task.nextRunAt(from).getTime() % 1000;
      samples[call] = Number(process.hrtime.bigint() - began) / 1000;
    }
    samples.sort();
    const percentile = (share: number): string => samples[Math.min(callCount - 1, Math.floor(share * callCount))]!.toFixed(2);
    console.log(`${pattern.padEnd(18)}${zone.padEnd(18)}${percentile(0.5).padStart(8)}${percentile(0.99).padStart(9)}`);
  }
}
// Keeps the tasks and results observably alive until the end, so the heap figure is not an artefact.
console.log(`\n(checksum ${checksum}, ${tasks.length} tasks alive)`);
