import { spawn } from 'node:child_process';
import { parseStamp } from '../measure/capturing-logger.js';
import { preciseNow } from '../measure/precise-now.js';
import { serveSubject } from '../measure/serve-subject.js';

/** Input of the spawn-floor subject. */
export interface SpawnFloorInput {
  /** Rounds per mode. */
  spawns: number;
}

/** Spawn call → the child's own first stamp (ms), per kind and mode. */
export interface SpawnFloorResult {
  shAlone: number[];
  nodeAlone: number[];
  /** One sh and two node children spawned at the same instant, as the precision daemon does each second. */
  shMatched: number[];
  nodeMatched: number[];
  /** Spawn call → first stdout byte received, for reference. */
  nodeFirstByte: number[];
  shFirstByte: number[];
}

const NODE_STAMP = 'process.stdout.write(String(performance.timeOrigin + performance.now()) + "\\n")';

// The floor under any scheduler that runs tasks as processes: spawning a bare `sh -c` and a bare
// `node -e` with the executor's own options (detached group, piped stdout/stderr), the child printing
// its own clock first thing.
serveSubject<SpawnFloorInput, SpawnFloorResult>(async (input) => {
  const result: SpawnFloorResult = { shAlone: [], nodeAlone: [], shMatched: [], nodeMatched: [], nodeFirstByte: [], shFirstByte: [] };
  const sh = () => stampedSpawn('/bin/sh', ['-c', 'date +%s%N']);
  const node = () => stampedSpawn(process.execPath, ['-e', NODE_STAMP]);
  // Untimed first spawns: the first exec of a binary pays page-cache misses no later spawn pays.
  for (let warmup = 0; warmup < 2; warmup++) await Promise.all([sh(), node()]);
  for (let round = 0; round < input.spawns; round++) {
    const a = await sh();
    result.shAlone.push(a.stamp);
    result.shFirstByte.push(a.firstByte);
    const b = await node();
    result.nodeAlone.push(b.stamp);
    result.nodeFirstByte.push(b.firstByte);
    await pause(30);
  }
  for (let round = 0; round < input.spawns; round++) {
    const [a, b, c] = await Promise.all([sh(), node(), node()]);
    result.shMatched.push(a.stamp);
    result.nodeMatched.push(b.stamp, c.stamp);
    await pause(100);
  }
  return result;
});

function stampedSpawn(file: string, args: string[]): Promise<{ stamp: number; firstByte: number }> {
  return new Promise((resolve, reject) => {
    const started = preciseNow();
    const child = spawn(file, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    let firstByte = Number.NaN;
    child.stdout.on('data', (chunk: Buffer) => {
      if (Number.isNaN(firstByte)) firstByte = preciseNow() - started;
      output += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('close', () => {
      const stamp = parseStamp(output.split('\n')[0] ?? '');
      if (stamp === null) reject(new Error(`spawn-floor: ${file} printed no stamp (${JSON.stringify(output.slice(0, 80))})`));
      else resolve({ stamp: stamp - started, firstByte });
    });
  });
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
