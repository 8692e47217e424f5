import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

/** The machine and software a run was measured on. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  totalMemoryBytes: number;
  nodeVersion: string;
  os: string;
  /** 1-minute load average when the run started. */
  loadAverageAtStart: number;
  /** Git commit of the checkout (short), or `unknown`. */
  commit: string;
  /** Package name → version, ours and peers. */
  packages: Record<string, string>;
}

const OURS = ['core', 'cache', 'locks', 'drivers', 'runner', 'cli'];
const PEERS = ['croner', 'node-cron', 'cron-parser', 'bullmq', 'ioredis', 'redlock'];

/** Reads CPU, memory, Node, OS, load, git commit and the versions of our packages and the peers. */
export function machineInfo(): MachineInfo {
  const benchRoot = fileURLToPath(new URL('../../', import.meta.url));
  const packages: Record<string, string> = {};
  for (const name of OURS) {
    const version = readVersion(`${benchRoot}../../packages/${name}/package.json`);
    if (version) packages[`@monkeyslegion/scheduler-${name}`] = version;
  }
  for (const name of PEERS) packages[name] = readVersion(`${benchRoot}node_modules/${name}/package.json`) ?? 'missing';
  return {
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    totalMemoryBytes: os.totalmem(),
    nodeVersion: process.version,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    loadAverageAtStart: os.loadavg()[0]!,
    commit: gitCommit(benchRoot),
    packages,
  };
}

function readVersion(file: string): string | null {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

function gitCommit(cwd: string): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', '../../packages', '.'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${commit} (with uncommitted changes)` : commit;
  } catch {
    return 'unknown';
  }
}
