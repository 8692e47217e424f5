import { CronExpression } from '@monkeyslegion/scheduler-core';
import { CronExpressionParser } from 'cron-parser';
import { Cron } from 'croner';
import cron from 'node-cron';
import { serveSubject } from '../measure/serve-subject.js';
import type { NextRunPattern } from '../workload/next-run-patterns.js';
import type { NextRunInput, NextRunLibrary, NextRunPatternResult, NextRunResult } from './next-run-types.js';

/** Anything with an epoch time: a Date, or cron-parser's CronDate (converting it would add cost). */
interface Instant {
  getTime(): number;
}

/** Returns a stepper: each call gives the next occurrence after the previous one (or after `from` first). */
type Chain = (from: Date) => () => Instant;

// One process per library: its JIT and caches warm up on its own work only.
serveSubject<NextRunInput, NextRunResult>(async (input) => {
  const patterns: NextRunPatternResult[] = [];
  for (const pattern of input.patterns) {
    let chain: Chain;
    try {
      chain = chainFor(input.library, pattern);
      chain(new Date(input.throughputStart))();
    } catch (error) {
      patterns.push({ perSecond: [], sequences: [], error: firstLine(error) });
      continue;
    }
    const sequences = input.starts.map((start) => {
      try {
        const next = chain(new Date(start));
        return Array.from({ length: input.runs }, () => next().getTime());
      } catch (error) {
        return firstLine(error);
      }
    });
    const perSecond: number[] = [];
    for (let batch = 0; batch < input.batches; batch++) perSecond.push(throughput(chain, new Date(input.throughputStart), input.batchMs));
    patterns.push({ perSecond, sequences, error: null });
  }
  return { patterns };
});

// Chains of 50 occurrences from the same start, repeated until the batch time is used up.
function throughput(chain: Chain, start: Date, batchMs: number): number {
  const CHAIN = 50;
  let count = 0;
  const begin = process.hrtime.bigint();
  let elapsedMs = 0;
  while (elapsedMs < batchMs) {
    const next = chain(start);
    for (let i = 0; i < CHAIN; i++) next();
    count += CHAIN;
    elapsedMs = Number(process.hrtime.bigint() - begin) / 1e6;
  }
  return count / (elapsedMs / 1000);
}

function chainFor(library: NextRunLibrary, pattern: NextRunPattern): Chain {
  switch (library) {
    case 'ours': {
      const expression = CronExpression.parse(pattern.expression, { timezone: pattern.timezone });
      return (from) => {
        let cursor = from;
        return () => (cursor = expression.nextRunAt(cursor));
      };
    }
    case 'croner': {
      const job = new Cron(pattern.expression, { timezone: pattern.timezone, paused: true });
      return (from) => {
        let cursor = from;
        return () => {
          const next = job.nextRun(cursor);
          if (!next) throw new Error(`croner found no run after ${cursor.toISOString()}`);
          return (cursor = next);
        };
      };
    }
    case 'cron-parser':
      // The raw iterator: one parse per chain, then next() — cron-parser's own fast path.
      return (from) => {
        const iterator = CronExpressionParser.parse(pattern.expression, { currentDate: from, tz: pattern.timezone });
        return () => iterator.next();
      };
    case 'node-cron': {
      // node-cron 4's public getNextRuns(count) always starts from "now"; it walks with the task's
      // TimeMatcher.getNextMatch(date), which is reachable on the task and is used here to start anywhere.
      const task = cron.createTask(pattern.expression, () => undefined, { timezone: pattern.timezone }) as unknown as {
        timeMatcher: { getNextMatch(date: Date): Date };
        destroy(): void;
      };
      return (from) => {
        let cursor = from;
        return () => (cursor = task.timeMatcher.getNextMatch(cursor));
      };
    }
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
