import type { ScheduledOptions } from './scheduled-options.js';

// Symbol.for: metadata must survive two copies of this module (e.g. a config loaded through a
// TypeScript loader next to the CLI's own import), so it lives on the class under a global symbol.
const CLASS_KEY = Symbol.for('monkeyslegion.scheduler.scheduled.class');
const METHODS_KEY = Symbol.for('monkeyslegion.scheduler.scheduled.methods');
const ALL_KEY = Symbol.for('monkeyslegion.scheduler.scheduled.all');

/** One `@Scheduled` declaration found on a class. */
export interface ScheduledDeclaration {
  /** `null` for a class-level declaration (the task calls `handle`), else the decorated method name. */
  readonly method: string | null;
  /** The decorator options as written. */
  readonly options: ScheduledOptions;
}

type Decorated = Record<symbol, unknown>;

function registry(): Set<Function> {
  const holder = globalThis as unknown as Decorated;
  holder[ALL_KEY] ??= new Set<Function>();
  return holder[ALL_KEY] as Set<Function>;
}

/** Records a class-level declaration. */
export function recordClassDeclaration(target: Function, options: ScheduledOptions): void {
  Object.defineProperty(target, CLASS_KEY, { value: options, configurable: true, enumerable: false });
  registry().add(target);
}

/** Records a method-level declaration. */
export function recordMethodDeclaration(target: Function, method: string, options: ScheduledOptions): void {
  const own = Object.prototype.hasOwnProperty.call(target, METHODS_KEY) ? ((target as unknown as Decorated)[METHODS_KEY] as ScheduledDeclaration[]) : [];
  Object.defineProperty(target, METHODS_KEY, { value: [...own, { method, options }], configurable: true, enumerable: false });
  registry().add(target);
}

/** Every `@Scheduled` declaration of `target`, class-level first, then methods in declaration order. */
export function readScheduledDeclarations(target: unknown): ScheduledDeclaration[] {
  if (typeof target !== 'function') return [];
  const holder = target as unknown as Decorated;
  const declarations: ScheduledDeclaration[] = [];
  if (Object.prototype.hasOwnProperty.call(holder, CLASS_KEY)) {
    declarations.push({ method: null, options: holder[CLASS_KEY] as ScheduledOptions });
  }
  if (Object.prototype.hasOwnProperty.call(holder, METHODS_KEY)) {
    declarations.push(...(holder[METHODS_KEY] as ScheduledDeclaration[]));
  }
  return declarations;
}

/** A snapshot of every class decorated so far in this process (used to find decorated classes that were not exported). */
export function decoratedClasses(): ReadonlySet<Function> {
  return new Set(registry());
}
