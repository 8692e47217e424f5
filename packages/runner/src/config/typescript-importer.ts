import { createJiti, type Jiti } from 'jiti';
import type { ModuleImporter } from '@monkeyslegion/scheduler-core';

let shared: Jiti | undefined;

/**
 * A module importer that loads TypeScript (with legacy decorators and their metadata, which typedi
 * needs) as well as JavaScript, without a build step. jiti caches transpiled files on disk, so a task
 * child process re-loading the config pays the transform once per file change, not per run.
 */
export function typescriptImporter(): ModuleImporter {
  shared ??= createJiti(import.meta.url, { interopDefault: true, fsCache: true, moduleCache: true });
  const jiti = shared;
  return async (file) => (await jiti.import(file)) as Record<string, unknown>;
}
