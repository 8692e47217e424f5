import type { BenchPlan } from '../bench-plan.js';
import type { SectionReport } from '../report/report-model.js';

/** What every section gets from the orchestrator. */
export interface SectionContext {
  /** Counts and durations of this run. */
  plan: BenchPlan;
  /** Folder for generated apps and data of this run (removed at the end). */
  workDir: string;
  /** Unique prefix for Redis keys, SQL tables and lock keys of this run. */
  runPrefix: string;
  /** Redis URL of the shared service. */
  redisUrl: string;
  /** PostgreSQL URL of the shared service. */
  databaseUrl: string;
  /** Progress line on stderr. */
  log(message: string): void;
}

/** One benchmark section (`src/sections/<id>.ts`). */
export interface BenchSection {
  /** Stable id, used by `--only`. */
  id: string;
  /** Heading in RESULTS.md. */
  title: string;
  /** Measures and reports; must clean up everything it created, also on failure. */
  run(context: SectionContext): Promise<Omit<SectionReport, 'durationMs'>>;
}
