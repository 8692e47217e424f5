import type { Application } from '@monkeyslegion/scheduler-core';
import { preciseNow } from './precise-now.js';

/** The logger type the scheduler accepts (pino's), without depending on pino here. */
export type SchedulerLogger = Application['logger'];

/** One line a task child wrote, as the runner logged it. */
export interface CapturedLine {
  taskId: string;
  runId: string;
  stream: string;
  text: string;
  /** When the runner logged it (precise wall clock). */
  receivedAt: number;
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

/**
 * A logger with pino's calling convention (`logger.info(fields, message)`) that hands records to the
 * harness in-process: the runner logs every line a task child writes as `{ taskId, runId, stream }`
 * plus the text, which is how the harness reads the children's stamps without changing the runner.
 * Warnings and errors are kept (first 20) so a run that went wrong says why.
 */
export function capturingLogger(onLine: (line: CapturedLine) => void): { logger: SchedulerLogger; problems: string[] } {
  const problems: string[] = [];
  const make = (bindings: Record<string, unknown>): Record<string, unknown> => {
    const logger: Record<string, unknown> = {
      level: 'info',
      isLevelEnabled: (level: string) => LEVELS.indexOf(level as (typeof LEVELS)[number]) >= LEVELS.indexOf('info'),
      child: (more: Record<string, unknown>) => make({ ...bindings, ...more }),
    };
    for (const level of LEVELS) {
      logger[level] = (first: unknown, second?: unknown) => {
        const fields = { ...bindings, ...(typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : {}) };
        const text = typeof first === 'string' ? first : typeof second === 'string' ? second : '';
        if (typeof fields.stream === 'string' && typeof fields.taskId === 'string' && typeof fields.runId === 'string') {
          onLine({ taskId: fields.taskId, runId: fields.runId, stream: fields.stream, text, receivedAt: preciseNow() });
        } else if ((level === 'warn' || level === 'error' || level === 'fatal') && problems.length < 20) {
          const error = fields.err instanceof Error ? `: ${fields.err.message}` : '';
          problems.push(`${level}: ${text}${error}`);
        }
      };
    }
    return logger;
  };
  return { logger: make({}) as unknown as SchedulerLogger, problems };
}

/** Parses a child's stamp: `date +%s%N` nanoseconds, or milliseconds with a fraction. */
export function parseStamp(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d{18,20}$/.test(trimmed)) return Number(BigInt(trimmed) / 1000n) / 1000;
  const value = Number(trimmed);
  return Number.isFinite(value) && value > 1e12 ? value : null;
}
