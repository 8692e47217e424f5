import { uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import { createAppFolder, type AppFolder } from '../process/app-folder.js';
import { killDaemonProcess, startDaemonProcess, stopDaemonProcess, type DaemonProcess } from '../process/daemon-process.js';
import { startRedisServer, type RedisServer } from '../services/redis-server.js';
import type { PeriodicTask } from './slot-ledger.js';

/** Options of `SoakCluster.start`. */
export interface SoakClusterOptions {
  daemons: number;
  everySecond: number;
  everyFiveSeconds: number;
  /** Clock skew per daemon index (ms); missing entries run on the true clock. */
  skewMs?: readonly number[];
  /** Overlap probe tasks (see the soak app). @default 0 */
  overlapProbes?: number;
  /** Overlap lock TTL of the probes. @default 5000 */
  overlapTtlMs?: number;
}

/** One daemon slot of the cluster: its host identity and every process that ever ran under it. */
export interface ClusterMember {
  readonly host: string;
  readonly skewMs: number;
  /** The current process (the last one started). */
  process: DaemonProcess;
  /** Every process that ran under this host identity, in start order. */
  readonly history: DaemonProcess[];
}

/**
 * N daemon processes with distinct host identities sharing one private, password-protected Redis, all
 * running the soak app; each task appends `task,slot,host` to the shared ledger `soak.log`.
 */
export class SoakCluster {
  private constructor(
    readonly redis: RedisServer,
    readonly app: AppFolder,
    readonly members: ClusterMember[],
    readonly tasks: readonly PeriodicTask[],
    readonly prefix: string,
  ) {}

  /** Starts Redis, writes the app, and starts every daemon (in parallel). */
  static async start(options: SoakClusterOptions): Promise<SoakCluster> {
    const redis = await startRedisServer({ password: `soak-${Math.random().toString(36).slice(2)}-secret` });
    const prefix = uniqueTestPrefix('soak');
    const app = await createAppFolder('soak-app', {
      redisUrl: redis.url,
      prefix,
      everySecond: options.everySecond,
      everyFiveSeconds: options.everyFiveSeconds,
      overlapProbes: options.overlapProbes ?? 0,
      overlapTtlMs: options.overlapTtlMs ?? 5000,
    });
    const tasks: PeriodicTask[] = [
      ...Array.from({ length: options.everySecond }, (_, index) => ({ id: `soak-1s-${String(index + 1).padStart(3, '0')}`, periodMs: 1000 })),
      ...Array.from({ length: options.everyFiveSeconds }, (_, index) => ({ id: `soak-5s-${String(index + 1).padStart(3, '0')}`, periodMs: 5000 })),
    ];
    const hosts = Array.from({ length: options.daemons }, (_, index) => ({ host: `soak-host-${index + 1}`, skewMs: options.skewMs?.[index] ?? 0 }));
    const processes = await Promise.all(hosts.map(({ host, skewMs }) => startDaemonProcess({ appDir: app.dir, host, skewMs })));
    const members = hosts.map(({ host, skewMs }, index) => ({ host, skewMs, process: processes[index]!, history: [processes[index]!] }));
    return new SoakCluster(redis, app, members, tasks, prefix);
  }

  /** SIGKILLs member `index` and starts a new process under the same host identity and clock. */
  async killAndRestart(index: number): Promise<{ killedPid: number; killedAt: number; restartedPid: number; restartedAt: number }> {
    const member = this.members[index]!;
    const killedPid = member.process.pid;
    const killedAt = Date.now();
    await killDaemonProcess(member.process);
    const next = await startDaemonProcess({ appDir: this.app.dir, host: member.host, skewMs: member.skewMs });
    member.process = next;
    member.history.push(next);
    return { killedPid, killedAt, restartedPid: next.pid, restartedAt: Date.now() };
  }

  /** Gracefully stops every daemon (they drain their running tasks). */
  async stop(): Promise<void> {
    await Promise.all(this.members.map((member) => stopDaemonProcess(member.process)));
  }

  /** Every log file any daemon process of the cluster wrote. */
  logFiles(): string[] {
    return this.members.flatMap((member) => member.history.map((process) => process.logFile));
  }

  /** Stops everything and removes Redis data and the app folder. */
  async destroy(): Promise<void> {
    await Promise.all(this.members.map((member) => killDaemonProcess(member.process)));
    await this.redis.destroy();
    // RELIABILITY_KEEP=1 keeps the app folder (ledger, daemon logs) for a post-mortem.
    if (process.env.RELIABILITY_KEEP === '1') console.warn(`reliability: kept ${this.app.dir}`);
    else await this.app.remove();
  }
}
