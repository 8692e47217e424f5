import 'reflect-metadata';

export type { ApplicationOptions } from './app/application.js';
export { Application } from './app/application.js';
export { createLogger } from './app/create-logger.js';
export type { SchedulerConfig } from './app/define-config.js';
export { defineConfig } from './app/define-config.js';
export type { Plugin, PluginContext } from './app/plugin.js';
export type { ResolvedConfig } from './app/resolved-config.js';
export type { ConfigOrigin } from './app/resolve-config.js';
export { resolveConfig } from './app/resolve-config.js';
export type { SchedulerPluginOptions, TaskDiscovery, TaskDiscoveryContext } from './app/scheduler-plugin.js';
export { schedulerPlugin } from './app/scheduler-plugin.js';
export { CACHE_STORE, CLOCK, CONFIG, DRIVER, EVENT_BUS, LOCK_PROVIDER, LOGGER, TASK_REGISTRY } from './app/tokens.js';

export type { CacheStore } from './contracts/cache-store.js';
export type { Clock } from './contracts/clock.js';
export { systemClock } from './contracts/clock.js';
export type { Driver, DriverStats, FailedRun, PushRequest, PushedRun } from './contracts/driver.js';
export type { HeldLock, Lease, LockOwner, LockProvider } from './contracts/lock-provider.js';

export type { CronExpressionOptions } from './cron/cron-expression.js';
export { CronExpression } from './cron/cron-expression.js';
export { assertTimezone } from './cron/timezone.js';

export type { ScheduledDeclaration } from './decorators/scheduled-metadata.js';
export { readScheduledDeclarations } from './decorators/scheduled-metadata.js';
export type { ScheduledOptions } from './decorators/scheduled-options.js';
export { Scheduled } from './decorators/scheduled.js';
export { Container, Inject, Service, Token } from 'typedi';

export { BackendUnavailableError } from './errors/backend-unavailable-error.js';
export { ConfigurationError } from './errors/configuration-error.js';
export { DuplicateTaskError } from './errors/duplicate-task-error.js';
export { InvalidCronExpressionError } from './errors/invalid-cron-expression-error.js';
export { InvalidFrequencyError } from './errors/invalid-frequency-error.js';
export { InvalidPayloadError } from './errors/invalid-payload-error.js';
export { InvalidTaskError } from './errors/invalid-task-error.js';
export { InvalidTimezoneError } from './errors/invalid-timezone-error.js';
export type { SchedulerErrorContext, SchedulerErrorOptions } from './errors/scheduler-error.js';
export { SchedulerError, quote } from './errors/scheduler-error.js';
export { UnknownTaskError } from './errors/unknown-task-error.js';

export type { EventClass, EventListener } from './events/event-bus.js';
export { EventBus } from './events/event-bus.js';
export type { RunTrigger, SkipReason, TaskEvent } from './events/task-events.js';
export { TaskFailed, TaskFinished, TaskSkipped, TaskStarting } from './events/task-events.js';

export type { FilterCondition } from './frequency/filters.js';
export type { DayOfWeek } from './frequency/frequency-arguments.js';
export type { FrequencyState } from './frequency/frequency-builder.js';
export { FrequencyBuilder } from './frequency/frequency-builder.js';
export type { FrequencyMethodExample } from './frequency/frequency-table.js';
export { describeFrequencyMethods, renderFrequencyTable } from './frequency/frequency-table.js';

export { TaskCollection } from './registry/task-collection.js';
export { TaskRegistry } from './registry/task-registry.js';

export type { DiscoveredTask, ScanDefaults } from './scanner/attribute-scanner.js';
export { AttributeScanner } from './scanner/attribute-scanner.js';
export { findTaskFiles } from './scanner/find-task-files.js';
export type { ModuleImporter } from './scanner/module-importer.js';
export { nativeImporter } from './scanner/module-importer.js';

export { commandTaskId } from './schedule/command-task-id.js';
export { Schedule } from './schedule/schedule.js';
export type { TaskBody, TaskBuilderDefaults } from './schedule/task-builder.js';
export { TaskBuilder } from './schedule/task-builder.js';

export type { RunResult, RunStatus } from './task/run-result.js';
export type { TaskClass, TaskClosure, TaskContext } from './task/task-context.js';
export type { FilterContext, TaskFilter } from './task/task-filter.js';
export type { BeforeHook, BeforeHookContext, ResultHook, TaskHooks } from './task/task-hooks.js';
export type { TaskDefinition, TaskKind, TaskModule, TaskOutput, TaskTarget } from './task/task.js';
export { DEFAULT_OVERLAP_TTL_MS, MAX_TASK_ID_LENGTH, Task } from './task/task.js';

export type { Duration } from './time/parse-duration.js';
export { parseDuration } from './time/parse-duration.js';
export { redactSecrets, redactUrl } from './url/redact-url.js';
