import { randomUUID } from 'node:crypto';
import {
  TaskFailed,
  TaskFinished,
  TaskSkipped,
  TaskStarting,
  type EventBus,
  type LockProvider,
  type ResolvedConfig,
  type RunResult,
  type SkipReason,
  type Task,
} from '@monkeyslegion/scheduler-core';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from 'pino';
import { OutputCapture } from '../output/output-capture.js';
import { buildProcessSpec, commandRunEnv, nodeRunEnv } from '../process/build-process-spec.js';
import { executeProcess, type ExecutionOutcome, type SupervisionOptions } from '../process/execute-process.js';
import { runsInWarmShell } from '../process/warm-shell.js';
import type { InterruptRequests } from '../state/interrupt-requests.js';
import type { RunningRegistry } from '../state/running-registry.js';
import type { TaskStateStore } from '../state/task-state-store.js';
import { invokeHooks } from './hook-invoker.js';
import type { WarmPool } from '../warm/warm-pool.js';
import type { RunOutcome, RunRequest } from './run-outcome.js';
import { takeRunClaims } from './take-run-claims.js';

/** Collaborators of a `TaskRunner`. */
export interface TaskRunnerDependencies {
  config: ResolvedConfig;
  events: EventBus;
  logger: Logger;
  locks: LockProvider;
  state: TaskStateStore;
  running: RunningRegistry;
  interrupts: InterruptRequests;
  /** Identity of this host in locks, claims and the running registry. */
  host: string;
  /** Time between SIGTERM and SIGKILL when a run is stopped. @default 5000 */
  killGraceMs?: number;
}

// Skips that say nothing about the task's own health are not written over its last status.
const UNRECORDED_SKIPS = new Set<SkipReason>(['already-ran', 'one-server']);
// Reasons a postponable request (a pushed run) is tried again for instead of being dropped.
const POSTPONED_SKIPS = new Set<SkipReason>(['overlapping', 'lock-unavailable', 'shutting-down']);

/**
 * Runs one task once through the whole path: per-host and one-server slot claims, the overlap lock
 * (renewed while running), `before` hooks, `TaskStarting`, the child process, state, result hooks,
 * `TaskFinished`/`TaskFailed`, and finally the lock release — which happens whatever a hook throws.
 */
export class TaskRunner {
  constructor(private readonly deps: TaskRunnerDependencies) {}

  /** Runs `request.task` unless a claim or lock says it must be skipped. Never rejects for a task failure. */
  async run(request: RunRequest): Promise<RunOutcome> {
    const { task } = request;
    const runId = randomUUID();
    if (request.signal?.aborted) return this.skip(request, 'shutting-down', 'the scheduler is shutting down');
    // Most tasks have no filter: no await at all then, so nothing queues behind other runs' work.
    if (request.applyFilters && task.filters.length > 0) {
      const rejection = await this.checkFilters(task, request.scheduledAt);
      if (rejection) return this.skip(request, 'filter', rejection);
    }
    const { host, config } = this.deps;
    const plan = {
      hostSlot: request.claimHostSlot === true,
      clusterSlot: task.onOneServer && !request.ignoreLocks && request.trigger === 'schedule',
      overlapLock: task.withoutOverlapping && !request.ignoreLocks,
    };
    let lock = null;
    if (plan.hostSlot || plan.clusterSlot || plan.overlapLock) {
      // Slot claims outlive the slot by the grace window, so no late pulse or late server can re-run it.
      const holdMs = config.graceMs + 60_000 + (task.hasSeconds ? 0 : 60_000);
      const owner = { host, pid: process.pid, runId };
      const claims = await takeRunClaims(this.deps.locks, { task, scheduledAt: request.scheduledAt, plan, host, owner, holdMs });
      if (!claims.ok) return this.skip(request, claims.failure.reason, claims.failure.detail);
      lock = claims.lock;
      lock?.onLost((reason) => this.deps.logger.error({ taskId: task.id, runId, reason }, 'overlap lock lost while the task was running'));
    }
    try {
      // Asked to stop while claiming: spawning now would only start a child to kill it.
      if (request.signal?.aborted) return await this.skip(request, 'shutting-down', 'the scheduler is shutting down');
      return await this.execute(request, runId);
    } finally {
      await lock?.release().catch((error: unknown) => this.deps.logger.error({ err: error, taskId: task.id, runId }, 'overlap lock release failed'));
    }
  }

  /** `null` when every filter of `task` lets the slot at `at` run, else the rejecting filter's reason. */
  async checkFilters(task: Task, at: Date): Promise<string | null> {
    for (const filter of task.filters) {
      try {
        if (!(await filter.passes({ at, environment: this.deps.config.environment }))) return filter.reason;
      } catch (error) {
        // A throwing condition cannot prove the slot should run: skip it, and say why.
        this.deps.logger.error({ err: error, taskId: task.id, filter: filter.kind }, 'task filter threw');
        return `${filter.kind}() threw: ${message(error)}`;
      }
    }
    return null;
  }

  private async execute(request: RunRequest, runId: string): Promise<RunOutcome> {
    const { task, scheduledAt } = request;
    const { logger, config } = this.deps;
    const warmPool = pickWarmPool(request);
    // A cold spawn blocks this event loop for milliseconds (fork + exec). Letting the other runs of the
    // same pulse reach their start first — warm hand-overs, which go out one loop turn after their
    // `TaskStarting` — keeps one fork from delaying them all; the spawn waits only for work that was
    // ready anyway. Two turns: the hand-overs queued in this turn go first.
    if (!warmPool || warmPool.availableCount === 0) {
      await nextTurn();
      await nextTurn();
    }
    const hookErrors = task.hooks.before.length > 0 ? await invokeHooks('before', task.hooks.before, { taskId: task.id, runId, scheduledAt }, logger) : [];
    hookErrors.push(...this.emit(new TaskStarting(task, runId, scheduledAt, request.trigger)));
    const output = new OutputCapture({
      limitBytes: config.outputLimitBytes,
      file: task.output,
      onLine: (stream, line) => {
        logger.info({ taskId: task.id, runId, stream }, line);
        request.onLine?.(stream, line);
      },
    });
    let renewal: NodeJS.Timeout | undefined;
    // Registry writes are chained, so the removal below can never be overtaken by a late put or renewal.
    let registry: Promise<void> = Promise.resolve();
    const supervision: SupervisionOptions = {
      output,
      timeoutMs: task.timeoutMs,
      killGraceMs: this.deps.killGraceMs,
      signal: request.signal,
      onSpawn: (pid) => {
        request.onSpawn?.(pid, runId);
        // Called again with the cold child's pid when a warm child was lost before it took the run.
        const entry = { pid, taskId: task.id, runId, host: this.deps.host, schedulerPid: process.pid, startedAt: new Date().toISOString(), scheduledAt: scheduledAt.toISOString() };
        const register = () => {
          registry = registry.then(() => this.deps.running.put(entry)).catch((error: unknown) => logger.error({ err: error, taskId: task.id, runId }, 'running registry update failed'));
        };
        register();
        clearInterval(renewal);
        renewal = setInterval(register, this.deps.running.ttlMs / 3);
        renewal.unref();
      },
    };
    let outcome: ExecutionOutcome | null = null;
    const context = { runId, scheduledAt, configFile: config.configFile ?? '', cwd: config.baseDir, payloadText: request.payloadText };
    // A warm child only needs the per-run variables; the full environment is built for a cold spawn alone.
    const env = task.kind === 'command' ? commandRunEnv(task, context) : nodeRunEnv(task, context);
    const warm = warmPool?.take({ env, command: typeof task.command === 'string' ? task.command : undefined }) ?? null;
    if (warm) {
      // Handing a run over wakes its child, which may take this CPU at once on a busy machine: the
      // write waits one turn, so every run of the pulse is announced and handed over before that.
      outcome = await executeProcess({ prespawned: { ...warm, start: () => void setImmediate(() => warm.start()) }, ...supervision });
      if (outcome.lostBeforeStart) {
        logger.warn({ taskId: task.id, runId, warmChildPid: outcome.pid, exitCode: outcome.exitCode, signal: outcome.signal }, 'the warm child died before it took the run; falling back to a cold spawn');
        outcome = null;
      }
    } else if (warmPool) {
      logger.debug({ taskId: task.id, runId }, 'no warm child ready; spawning a cold child');
    }
    outcome ??= await executeProcess({ spec: buildProcessSpec(task, context), ...supervision });
    clearInterval(renewal);
    await registry;
    await this.deps.running.remove(runId).catch((error: unknown) => logger.error({ err: error, taskId: task.id, runId }, 'running registry cleanup failed'));
    const captured = await output.finish();
    if (captured.unloggedLines > 0 || captured.droppedBytes > 0) {
      logger.warn({ taskId: task.id, runId, droppedBytes: captured.droppedBytes, unloggedLines: captured.unloggedLines }, `output truncated: ${captured.droppedBytes} bytes dropped from memory, ${captured.unloggedLines} lines not logged`);
    }
    if (output.outputFileError && task.output) {
      const problem = `output file ${JSON.stringify(task.output.file)} could not be written: ${output.outputFileError.message}`;
      logger.error({ taskId: task.id, runId, err: output.outputFileError }, problem);
      hookErrors.push(problem);
    }
    // An operator's interrupt is consumed whatever the exit: a task that handled SIGTERM and exited 0
    // was still stopped on request, and the request must not linger for a later run.
    if (outcome.stoppedBy === null && outcome.pid !== null && (await this.deps.interrupts.consume(runId).catch(() => false))) {
      outcome.stoppedBy = 'interrupted';
    }
    const result = toResult(task, runId, scheduledAt, outcome, captured.tail, captured.droppedBytes);
    await this.deps.state.recordResult(result, hookErrors).catch((error: unknown) => logger.error({ err: error, taskId: task.id, runId }, 'state could not be recorded'));
    const resultHookErrors = [
      ...(await invokeHooks(result.status === 'success' ? 'onSuccess' : 'onFailure', result.status === 'success' ? task.hooks.onSuccess : task.hooks.onFailure, result, logger)),
      ...(await invokeHooks('after', task.hooks.after, result, logger)),
    ];
    resultHookErrors.push(...this.emit(result.status === 'success' ? new TaskFinished(task, result) : new TaskFailed(task, result)));
    await this.deps.state.recordHookErrors(task.id, runId, resultHookErrors).catch(() => undefined);
    logger[result.status === 'success' ? 'info' : 'error'](
      { taskId: task.id, runId, status: result.status, exitCode: result.exitCode, signal: result.signal, durationMs: result.durationMs },
      `task ${task.id} ${result.status}`,
    );
    return { kind: 'ran', task, result, hookErrors: [...hookErrors, ...resultHookErrors] };
  }

  /** Records a slot that did not run (state + `TaskSkipped`), e.g. slots the daemon missed. */
  async recordSkip(task: Task, scheduledAt: Date, reason: SkipReason, detail: string): Promise<RunOutcome> {
    return this.skip({ task, scheduledAt, trigger: 'schedule' }, reason, detail);
  }

  private async skip(request: RunRequest, reason: SkipReason, detail: string): Promise<RunOutcome> {
    const { task, scheduledAt } = request;
    if (request.postponable && POSTPONED_SKIPS.has(reason)) {
      this.deps.logger.debug({ taskId: task.id, reason }, `run of ${task.id} postponed: ${detail}`);
      return { kind: 'skipped', task, reason, detail };
    }
    // A repeated pulse finding its slot already run is routine: keep it out of the info log.
    this.deps.logger[reason === 'already-ran' ? 'debug' : 'info']({ taskId: task.id, scheduledAt: scheduledAt.toISOString(), reason }, `task ${task.id} skipped: ${detail}`);
    if (!UNRECORDED_SKIPS.has(reason)) {
      await this.deps.state.recordSkip(task.id, scheduledAt, reason).catch((error: unknown) => this.deps.logger.error({ err: error, taskId: task.id }, 'skip could not be recorded'));
    }
    this.emit(new TaskSkipped(task, scheduledAt, reason, detail));
    return { kind: 'skipped', task, reason, detail };
  }

  private emit(event: TaskStarting | TaskFinished | TaskFailed | TaskSkipped): string[] {
    try {
      this.deps.events.emit(event);
      return [];
    } catch (error) {
      const errors = error instanceof AggregateError ? error.errors : [error];
      const messages = errors.map((inner) => `${event.constructor.name} listener threw: ${message(inner)}`);
      for (const text of messages) this.deps.logger.error({ taskId: event.task.id }, text);
      return messages;
    }
  }
}

function toResult(task: Task, runId: string, scheduledAt: Date, outcome: ExecutionOutcome, outputTail: string, droppedBytes: number): RunResult {
  let status: RunResult['status'];
  let error: string | undefined;
  if (outcome.spawnError) {
    status = 'failed';
    error = `could not start: ${outcome.spawnError.message}`;
  } else if (outcome.stoppedBy === 'timeout') {
    status = 'timeout';
    error = `timed out after ${task.timeoutMs} ms`;
  } else if (outcome.stoppedBy === 'interrupted') {
    status = 'interrupted';
    error = 'interrupted';
  } else if (outcome.exitCode === 0) {
    status = 'success';
  } else {
    status = 'failed';
    error = outcome.signal ? `killed by ${outcome.signal}` : `exited with code ${outcome.exitCode}`;
  }
  return {
    taskId: task.id,
    runId,
    status,
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    scheduledAt,
    startedAt: outcome.startedAt,
    finishedAt: outcome.finishedAt,
    durationMs: outcome.finishedAt.getTime() - outcome.startedAt.getTime(),
    outputTail,
    droppedBytes,
    pid: outcome.pid,
    ...(error === undefined ? {} : { error }),
  };
}

/** The daemon's pool that serves `request.task`, if any: Node children for closures and classes, shells for string commands. */
function pickWarmPool(request: RunRequest): WarmPool | null {
  const { task } = request;
  if (task.kind === 'closure' || task.kind === 'class') return request.warmPool ?? null;
  if (runsInWarmShell(task)) return request.warmShells ?? null;
  return null;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
