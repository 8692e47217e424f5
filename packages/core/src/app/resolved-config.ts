/** The configuration after defaults were applied; what plugins and the runner read. */
export interface ResolvedConfig {
  /** Folder of the config file: task working directory and base of relative paths. */
  readonly baseDir: string;
  /** Absolute path of the config file, `null` when built in code. */
  readonly configFile: string | null;
  /** Default timezone of tasks. */
  readonly timezone: string;
  /** Environment name used by `environments()` filters. */
  readonly environment: string;
  /** Namespace prefix for every cache key, lock key and queue name of this app. */
  readonly prefix: string;
  /** Absolute folders scanned for `@Scheduled` classes. */
  readonly discover: readonly string[];
  /** Folder of the embedded default's files (SQLite database, file locks). */
  readonly dataDir: string;
  /** How late a slot may still be started, in milliseconds. */
  readonly graceMs: number;
  /** How long running tasks may take to finish on shutdown, in milliseconds. */
  readonly shutdownGraceMs: number;
  /** Per-run cap of captured output, in bytes. */
  readonly outputLimitBytes: number;
}
