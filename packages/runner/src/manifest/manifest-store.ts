import type { CacheStore } from '@monkeyslegion/scheduler-core';
import { MANIFEST_KEY, MANIFEST_VERSION, type TaskManifest } from './task-manifest.js';

/** Reads, writes and clears the task manifest in the cache store (key `MANIFEST_KEY`). */
export class ManifestStore {
  constructor(private readonly cache: CacheStore) {}

  /**
   * The stored manifest; `null` when there is none, and `undefined` when something is stored under the
   * key that is not a manifest of this format (a corrupt or foreign value, treated as stale).
   */
  async read(): Promise<TaskManifest | null | undefined> {
    const value = await this.cache.get<unknown>(MANIFEST_KEY);
    if (value === undefined || value === null) return null;
    return isManifest(value) ? value : undefined;
  }

  /** Stores `manifest` (no expiry: freshness is decided by its fingerprint, not by time). */
  async write(manifest: TaskManifest): Promise<void> {
    await this.cache.put(MANIFEST_KEY, manifest);
  }

  /** Removes the manifest; `true` when there was one. */
  async clear(): Promise<boolean> {
    return this.cache.forget(MANIFEST_KEY);
  }
}

function isManifest(value: unknown): value is TaskManifest {
  if (typeof value !== 'object' || value === null) return false;
  const manifest = value as Partial<TaskManifest>;
  return (
    manifest.version === MANIFEST_VERSION &&
    Array.isArray(manifest.tasks) &&
    typeof manifest.sources === 'object' &&
    manifest.sources !== null &&
    Array.isArray(manifest.sources.files) &&
    Array.isArray(manifest.sources.discover)
  );
}
