import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { realisticMix } from './realistic-mix.js';

/** Preloaded into every process of a cold-start run (NODE_OPTIONS); only a task child writes its start instant. */
const SPAWN_MARK = `if (process.env.LEGION_TASK_ID && process.env.BENCH_SPAWN_MARK) {
  require('node:fs').writeFileSync(process.env.BENCH_SPAWN_MARK, String(performance.timeOrigin));
}
`;

/** A generated app for the cold-start section. */
export interface ColdStartApp {
  /** App folder (its scheduler.config.ts is the one `legion` finds). */
  dir: string;
  /** The preload script writing the first task child's start instant. */
  markScript: string;
}

/**
 * Writes an app with `count` discovered @Scheduled classes, one file each, on the minute-level
 * families of the realistic mix (no seconds: a heartbeat with sub-minute tasks stays up for the
 * minute); only the first class carries the tag `first`. The folder must lie under apps/bench so
 * the config's imports resolve through apps/bench/node_modules.
 */
export function writeColdStartApp(dir: string, count: number, seed = 7): ColdStartApp {
  mkdirSync(path.join(dir, 'tasks'), { recursive: true });
  writeFileSync(
    path.join(dir, 'scheduler.config.ts'),
    "import { defineConfig } from '@monkeyslegion/scheduler-core';\n\nexport default defineConfig({ timezone: 'UTC', discover: ['./tasks'] });\n",
  );
  const specs = realisticMix(count * 2, seed).filter((spec) => spec.family !== 'every-n-seconds').slice(0, count);
  specs.forEach((spec, index) => {
    const name = `Task${String(index).padStart(5, '0')}`;
    writeFileSync(
      path.join(dir, 'tasks', `${name.toLowerCase()}.ts`),
      "import { Scheduled, type TaskContext } from '@monkeyslegion/scheduler-core';\n\n" +
        `@Scheduled({ expression: '${spec.expression}', timezone: '${spec.timezone}', name: '${name}', tags: ['${index === 0 ? 'first' : 'bulk'}'] })\n` +
        `export class ${name} {\n  handle(context: TaskContext): void {\n    console.log(context.taskId);\n  }\n}\n`,
    );
  });
  const markScript = path.join(dir, 'spawn-mark.cjs');
  writeFileSync(markScript, SPAWN_MARK);
  return { dir, markScript };
}
