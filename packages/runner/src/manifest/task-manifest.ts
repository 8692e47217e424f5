import type { TaskKind } from '@monkeyslegion/scheduler-core';
import type { SourceFingerprint } from './source-fingerprint.js';

/** Cache-store key of the task manifest; the suffix is the format version. */
export const MANIFEST_KEY = 'manifest:v1';

/** Format version written into every manifest; a manifest of another version is stale. */
export const MANIFEST_VERSION = 1;

/** One discovered `@Scheduled` task as the manifest stores it: everything needed to rebuild its `Task`. */
export interface ManifestTaskEntry {
  /** Task id. */
  id: string;
  /** Always `class`: only discovered tasks are in the manifest. */
  kind: TaskKind;
  /** Normalized cron expression. */
  expression: string;
  /** IANA timezone. */
  timezone: string;
  /** Description shown by `schedule:list`. */
  description: string | null;
  /** Tags. */
  tags: string[];
  /** One run per slot across the cluster. */
  onOneServer: boolean;
  /** No-overlap lock on (the default). */
  withoutOverlapping: boolean;
  /** Overlap lock TTL. */
  overlapTtlMs: number;
  /** Run timeout, `null` for none. */
  timeoutMs: number | null;
  /** Method the child calls. */
  method: string;
  /** Where the class lives: the child imports it from there. */
  module: { file: string; exportName: string };
  /** File the task was declared in. */
  source: string | null;
}

/** The cached result of discovery plus the fingerprint of the sources it was built from. */
export interface TaskManifest {
  /** Format version (`MANIFEST_VERSION`). */
  version: number;
  /** When it was written (ISO-8601 UTC). */
  createdAt: string;
  /** What the tasks were discovered from; any difference makes the manifest stale. */
  sources: SourceFingerprint;
  /** The discovered tasks, in discovery order. */
  tasks: ManifestTaskEntry[];
}
