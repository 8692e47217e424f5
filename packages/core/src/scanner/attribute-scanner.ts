import path from 'node:path';
import { InvalidTaskError } from '../errors/invalid-task-error.js';
import { quote, SchedulerError } from '../errors/scheduler-error.js';
import { decoratedClasses, readScheduledDeclarations, type ScheduledDeclaration } from '../decorators/scheduled-metadata.js';
import type { TaskClass } from '../task/task-context.js';
import { Task, type TaskModule } from '../task/task.js';
import { parseDuration } from '../time/parse-duration.js';
import { findTaskFiles } from './find-task-files.js';
import { nativeImporter, type ModuleImporter } from './module-importer.js';

/** Defaults applied to discovered tasks. */
export interface ScanDefaults {
  /** Timezone of tasks that do not set one. */
  timezone: string;
  /** Base directory, used to print short relative file names in errors. */
  baseDir: string;
}

/** Where a discovered task came from (kept in manifests so children can skip scanning). */
export interface DiscoveredTask {
  /** The task. */
  task: Task;
  /** Absolute module file. */
  file: string;
  /** Export name of the class in that module. */
  exportName: string;
}

/**
 * Imports every module under the configured folders and turns `@Scheduled` classes and methods into tasks.
 * A decorated thing that cannot be a task (no `handle`, bad options, not exported) is an error naming the
 * file and the class.
 */
export class AttributeScanner {
  constructor(private readonly importModule: ModuleImporter = nativeImporter) {}

  /** Scans `folders` and returns the discovered tasks in file order. */
  async scan(folders: readonly string[], defaults: ScanDefaults): Promise<DiscoveredTask[]> {
    const discovered: DiscoveredTask[] = [];
    for (const folder of folders) {
      for (const file of await findTaskFiles(folder)) {
        discovered.push(...(await this.scanFile(file, defaults)));
      }
    }
    return discovered;
  }

  /** Imports one module and returns the tasks its exported classes declare. */
  async scanFile(file: string, defaults: ScanDefaults): Promise<DiscoveredTask[]> {
    const shortName = path.relative(defaults.baseDir, file) || file;
    const before = decoratedClasses();
    let exports: Record<string, unknown>;
    try {
      exports = await this.importModule(file);
    } catch (error) {
      if (error instanceof SchedulerError) throw error;
      throw new InvalidTaskError(`AttributeScanner: ${quote(shortName)} failed to load: ${(error as Error)?.message ?? String(error)}`, { file }, error);
    }
    const found: DiscoveredTask[] = [];
    const exported = new Set<Function>();
    for (const [exportName, value] of Object.entries(exports)) {
      const declarations = readScheduledDeclarations(value);
      if (declarations.length === 0 || exported.has(value as Function)) continue;
      exported.add(value as Function);
      for (const declaration of declarations) {
        found.push({ task: toTask(value as TaskClass, declaration, { file, exportName }, shortName, defaults), file, exportName });
      }
    }
    for (const decorated of decoratedClasses()) {
      if (!before.has(decorated) && !exported.has(decorated) && readScheduledDeclarations(decorated).length > 0) {
        throw new InvalidTaskError(
          `AttributeScanner: class ${quote(decorated.name)} in ${quote(shortName)} is decorated with @Scheduled but not exported; export it so its child process can find it`,
          { file, value: decorated.name },
        );
      }
    }
    return found;
  }
}

function toTask(taskClass: TaskClass, declaration: ScheduledDeclaration, module: TaskModule, shortName: string, defaults: ScanDefaults): Task {
  const { file } = module;
  const { options } = declaration;
  const method = declaration.method ?? 'handle';
  const where = `${quote(taskClass.name)} in ${quote(shortName)}`;
  if (!options || typeof options !== 'object' || typeof options.expression !== 'string') {
    throw new InvalidTaskError(`@Scheduled: ${where} needs an options object with an expression string, got ${quote(options)}`, {
      file,
      value: options,
    });
  }
  if (typeof (taskClass.prototype as Record<string, unknown>)[method] !== 'function') {
    throw new InvalidTaskError(`@Scheduled: class ${where} has no ${method}() method to run`, { file, value: taskClass.name });
  }
  const id = options.name ?? (declaration.method ? `${taskClass.name}.${declaration.method}` : taskClass.name);
  try {
    return new Task({
      id,
      kind: 'class',
      expression: options.expression,
      timezone: options.timezone ?? defaults.timezone,
      description: options.description ?? null,
      tags: options.tags ?? [],
      target: { class: taskClass, method, module },
      source: file,
      onOneServer: options.onOneServer ?? false,
      withoutOverlapping: !(options.allowOverlapping ?? false),
      overlapTtlMs: options.overlapTtl === undefined ? undefined : parseDuration(options.overlapTtl, 'overlapTtl'),
      timeoutMs: options.timeout === undefined ? null : parseDuration(options.timeout, 'timeout'),
    });
  } catch (error) {
    if (error instanceof SchedulerError) {
      throw new InvalidTaskError(`@Scheduled: ${where}: ${error.message}`, { ...error.context, file, taskId: id }, error);
    }
    throw error;
  }
}
