import 'reflect-metadata';
import { Service } from 'typedi';
import { InvalidTaskError } from '../errors/invalid-task-error.js';
import { quote } from '../errors/scheduler-error.js';
import { recordClassDeclaration, recordMethodDeclaration } from './scheduled-metadata.js';
import type { ScheduledOptions } from './scheduled-options.js';

/**
 * Declares a scheduled task. It only records metadata; the `AttributeScanner` turns it into tasks.
 * On a class with `handle(ctx)` it declares one task; on methods of a service class each decorated
 * method is its own task (id `ClassName.method` unless `name` is given). Decorated classes are
 * resolved through the container, so constructor injection by type works.
 *
 * @example
 * \@Scheduled({ expression: '0 * * * *', tags: ['billing'] })
 * export class SyncInvoices {
 *   constructor(private readonly invoices: InvoiceService) {}
 *   async handle(ctx: TaskContext) { await this.invoices.sync(ctx.signal); }
 * }
 */
export function Scheduled(options: ScheduledOptions) {
  return (target: object, propertyKey?: string | symbol, descriptor?: PropertyDescriptor): void => {
    if (propertyKey === undefined) {
      const taskClass = target as Function;
      recordClassDeclaration(taskClass, options);
      // Registering the class as a typedi service lets the container build it with injected dependencies.
      Service()(taskClass);
      return;
    }
    if (typeof target === 'function') {
      throw new InvalidTaskError(`@Scheduled: static method ${quote(String(propertyKey))} of ${quote(target.name)} cannot be a task; use an instance method`, {
        value: String(propertyKey),
      });
    }
    if (typeof propertyKey === 'symbol' || typeof descriptor?.value !== 'function') {
      throw new InvalidTaskError(`@Scheduled: ${quote(String(propertyKey))} of ${quote(target.constructor.name)} is not a method`, {
        value: String(propertyKey),
      });
    }
    recordMethodDeclaration(target.constructor, propertyKey, options);
  };
}
