/** Events a daemon subject streams to the harness. */
export type DaemonEvent =
  | { type: 'ready'; at: number }
  /** A pulse of the daemon loop: `at` is the clock reading the pulse used (whole ms). */
  | { type: 'pulse'; at: number }
  | { type: 'starting'; taskId: string; runId: string; trigger: string; scheduledAt: number; at: number }
  | { type: 'line'; taskId: string; runId: string; text: string; at: number }
  | { type: 'finished'; taskId: string; runId: string; status: string; at: number }
  | { type: 'skipped'; taskId: string; reason: string; at: number };

/** Input of the daemon subject. */
export interface DaemonSubjectInput {
  /** Folder of the fixture app (its scheduler.config.ts). */
  fixtureDir: string;
  /** Environment the fixture config reads (data dir, driver URLs, prefixes). */
  env: Record<string, string>;
  /** Serve pushed runs from the driver. */
  servePushed: boolean;
  /** Forward every child output line (only the first stdout line of a run is needed otherwise). */
  allLines?: boolean;
}

/** What the daemon subject reports when stopped. */
export interface DaemonSubjectResult {
  /** Scheduled runs the daemon dispatched. */
  dispatched: number;
  /** Warnings and errors the scheduler logged. */
  problems: string[];
}
