import { summarize } from '../measure/stats.js';
import { runSubject } from '../measure/subject-process.js';
import { formatRate, medianRange } from '../report/format.js';
import type { ReportTable } from '../report/report-model.js';
import type { NextRunInput, NextRunLibrary, NextRunResult } from '../subjects/next-run-types.js';
import { CROSS_CHECK_STARTS, NEXT_RUN_PATTERNS, THROUGHPUT_START } from '../workload/next-run-patterns.js';
import type { BenchSection } from './section.js';

const LIBRARIES: readonly { library: NextRunLibrary; label: string }[] = [
  { library: 'ours', label: 'ours (CronExpression.nextRunAt)' },
  { library: 'croner', label: 'croner (nextRun)' },
  { library: 'cron-parser', label: 'cron-parser raw (iterator next)' },
  { library: 'node-cron', label: 'node-cron (TimeMatcher.getNextMatch)' },
];

/** Section 2: next-run computation throughput per pattern, cross-checked across libraries. */
export const nextRunSection: BenchSection = {
  id: 'next-run',
  title: '2. Next-run computation',
  async run(context) {
    const { plan } = context;
    const results = new Map<NextRunLibrary, NextRunResult | string>();
    for (const { library } of LIBRARIES) {
      context.log(`next-run: ${library}`);
      const input: NextRunInput = {
        library,
        patterns: NEXT_RUN_PATTERNS,
        batchMs: plan.nextRun.batchMs,
        batches: plan.nextRun.batches,
        starts: CROSS_CHECK_STARTS,
        runs: plan.nextRun.crossCheckRuns,
        throughputStart: THROUGHPUT_START,
      };
      try {
        results.set(library, await runSubject<NextRunResult>('next-run', input, { timeoutMs: 300_000 }));
      } catch (error) {
        results.set(library, (error as Error).message);
      }
    }

    const throughput: ReportTable = {
      caption: 'Occurrences per second (chains of 50 consecutive occurrences from 2026-01-15; median and min–max over batches).',
      headers: ['pattern', 'expression', 'zone', ...LIBRARIES.map((entry) => entry.label)],
      rows: NEXT_RUN_PATTERNS.map((pattern, index) => [
        pattern.label,
        `\`${pattern.expression}\``,
        pattern.timezone,
        ...LIBRARIES.map(({ library }) => {
          const result = results.get(library);
          if (typeof result === 'string') return 'failed';
          const entry = result?.patterns[index];
          if (!entry) return '—';
          if (entry.error) return `rejected: ${entry.error}`;
          return medianRange(summarize(entry.perSecond), (value) => formatRate(value));
        }),
      ]),
    };

    const findings: string[] = [];
    const agreement: ReportTable = {
      caption: `Cross-check: the first ${plan.nextRun.crossCheckRuns} occurrences after each of ${CROSS_CHECK_STARTS.length} start instants (including ten seconds before each 2026 DST change of the zones used), compared with ours.`,
      headers: ['pattern', 'zone', ...LIBRARIES.slice(1).map((entry) => entry.label)],
      rows: [],
    };
    const ours = results.get('ours');
    NEXT_RUN_PATTERNS.forEach((pattern, index) => {
      const row = [`${pattern.label} \`${pattern.expression}\``, pattern.timezone];
      for (const { library, label } of LIBRARIES.slice(1)) {
        const theirs = results.get(library);
        if (typeof ours === 'string' || typeof theirs === 'string' || !ours || !theirs) {
          row.push('not compared');
          continue;
        }
        const mine = ours.patterns[index]!;
        const other = theirs.patterns[index]!;
        if (mine.error || other.error) {
          row.push(other.error ? `rejects it` : 'ours rejects it');
          findings.push(`${label} ${other.error ? `rejects \`${pattern.expression}\` (${other.error})` : `accepts \`${pattern.expression}\`, which ours rejects (${mine.error})`}.`);
          continue;
        }
        let differing = 0;
        CROSS_CHECK_STARTS.forEach((start, startIndex) => {
          const a = mine.sequences[startIndex]!;
          const b = other.sequences[startIndex]!;
          const at = firstDifference(a, b);
          if (at === null) return;
          differing++;
          if (differing === 1) findings.push(describeDifference(label, pattern.expression, pattern.timezone, start, at, a, b));
        });
        row.push(differing === 0 ? `agrees (${CROSS_CHECK_STARTS.length}/${CROSS_CHECK_STARTS.length} starts)` : `**differs** at ${differing}/${CROSS_CHECK_STARTS.length} starts`);
      }
      agreement.rows.push(row);
    });
    for (const [library, result] of results) {
      if (typeof result === 'string') findings.push(`${library} did not complete: ${result}`);
    }

    return {
      id: nextRunSection.id,
      title: nextRunSection.title,
      status: [...results.values()].some((result) => typeof result === 'string') ? ('partial' as const) : ('measured' as const),
      issueGoals: null,
      method: [
        'Each library runs in its own process. Ours: `CronExpression.parse(expr, { timezone }).nextRunAt(previous)`. croner: `new Cron(expr, { timezone, paused: true }).nextRun(previous)`. cron-parser raw: one `CronExpressionParser.parse(expr, { currentDate, tz })` per chain, then `next()` on its iterator (its fastest path).',
        'node-cron 4 does expose next-run computation, but only from the current time (`task.getNextRun()`, `task.getNextRuns(count)`); to start from fixed instants the benchmark calls the function those use, `task.timeMatcher.getNextMatch(date)`, on a task made with `cron.createTask` (not part of node-cron\'s typed API).',
        'The cross-check compares every library\'s sequence with ours; every disagreement is listed under Findings with the first differing occurrence. Ours follows the DST policy of DESIGN.md: a wall time skipped by spring-forward runs once at the first valid instant after it, a repeated wall time runs once; patterns whose hour field is `*` or a step follow elapsed time.',
      ],
      tables: [throughput, agreement],
      goals: [],
      findings,
    };
  },
};

function firstDifference(a: number[] | string, b: number[] | string): number | null {
  if (typeof a === 'string' || typeof b === 'string') return a === b ? null : 0;
  for (let index = 0; index < Math.max(a.length, b.length); index++) if (a[index] !== b[index]) return index;
  return null;
}

function describeDifference(label: string, expression: string, timezone: string, start: string, index: number, ours: number[] | string, theirs: number[] | string): string {
  const show = (value: number[] | string) => (typeof value === 'string' ? `error "${value}"` : value[index] === undefined ? 'nothing' : inZone(value[index]!, timezone));
  return `\`${expression}\` in ${timezone} from ${start}: occurrence #${index + 1} is ${show(ours)} for ours but ${show(theirs)} for ${label}.`;
}

function inZone(ms: number, timezone: string): string {
  const local = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(new Date(ms));
  return `${new Date(ms).toISOString()} (${local})`;
}
