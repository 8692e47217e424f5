import { Cron } from 'croner';

/** croner's answer: the next run, `null` when it finds none, or the error it threw. */
export type CronerAnswer = { next: number | null } | { error: string };

const OPTIONS = { mode: '5-or-6-parts', domAndDow: false, paused: true } as const;

/** A croner job for `pattern` in `zone` (OR logic for day-of-month/day-of-week, as Vixie cron and cron-parser). */
export function cronerJob(pattern: string, zone: string): Cron | { error: string } {
  try {
    return new Cron(pattern, { ...OPTIONS, timezone: zone });
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** croner's next run strictly after `from`. */
export function cronerNext(job: Cron, from: number): CronerAnswer {
  try {
    const next = job.nextRun(new Date(from));
    return { next: next === null ? null : next.getTime() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Matches wall-clock fields (given as the UTC instant with the same fields) with croner's field semantics, no zone involved. */
export function wallMatcher(pattern: string): ((wall: number) => boolean) | null {
  const job = cronerJob(pattern, 'UTC');
  if ('error' in job) return null;
  return (wall) => job.match(new Date(wall));
}
