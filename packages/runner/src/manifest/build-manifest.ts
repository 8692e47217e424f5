import { InvalidTaskError, quote, type DiscoveredTask } from '@monkeyslegion/scheduler-core';
import type { SourceFingerprint } from './source-fingerprint.js';
import { MANIFEST_VERSION, type ManifestTaskEntry, type TaskManifest } from './task-manifest.js';

/** Turns what discovery found into a manifest stamped with the fingerprint taken before the scan. */
export function buildManifest(discovered: readonly DiscoveredTask[], sources: SourceFingerprint, now: Date = new Date()): TaskManifest {
  return { version: MANIFEST_VERSION, createdAt: now.toISOString(), sources, tasks: discovered.map(toEntry) };
}

function toEntry({ task, file, exportName }: DiscoveredTask): ManifestTaskEntry {
  if (!task.target) {
    throw new InvalidTaskError(`Manifest: discovered task ${quote(task.id)} has no class target`, { taskId: task.id });
  }
  return {
    id: task.id,
    kind: task.kind,
    expression: task.expression,
    timezone: task.timezone,
    description: task.description,
    tags: [...task.tags],
    onOneServer: task.onOneServer,
    withoutOverlapping: task.withoutOverlapping,
    overlapTtlMs: task.overlapTtlMs,
    timeoutMs: task.timeoutMs,
    method: task.target.method,
    module: { file: task.target.module?.file ?? file, exportName: task.target.module?.exportName ?? exportName },
    source: task.source,
  };
}
