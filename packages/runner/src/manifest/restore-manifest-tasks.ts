import { Task, type DiscoveredTask } from '@monkeyslegion/scheduler-core';
import type { TaskManifest } from './task-manifest.js';

/**
 * Rebuilds the discovered tasks of a manifest without importing their files: each `Task` has
 * `target.class = null` and the module its child process imports the class from.
 */
export function restoreManifestTasks(manifest: TaskManifest): DiscoveredTask[] {
  return manifest.tasks.map((entry) => ({
    task: new Task({
      id: entry.id,
      kind: entry.kind,
      expression: entry.expression,
      timezone: entry.timezone,
      description: entry.description,
      tags: entry.tags,
      target: { class: null, method: entry.method, module: entry.module },
      source: entry.source,
      onOneServer: entry.onOneServer,
      withoutOverlapping: entry.withoutOverlapping,
      overlapTtlMs: entry.overlapTtlMs,
      timeoutMs: entry.timeoutMs,
    }),
    file: entry.module.file,
    exportName: entry.module.exportName,
  }));
}
