import type { GoalCheck, SectionReport } from './report-model.js';

const MARK: Record<GoalCheck['verdict'], string> = { met: '✅', missed: '❌', 'not-measured': '⏳' };

/** The plain-text summary printed at the end of a run: one line per goal, then sections without goals. */
export function renderSummaryTable(sections: readonly SectionReport[]): string {
  const rows: [string, string, string, string][] = [['', 'section', 'goal', 'measured']];
  for (const section of sections) {
    const short = section.title.replace(/^(\d+)\.\s*/, '$1 ').slice(0, 28);
    if (section.goals.length === 0) rows.push(['·', short, `(${section.status})`, '']);
    for (const goal of section.goals) rows.push([MARK[goal.verdict], short, goal.goal.slice(0, 60), goal.measured.slice(0, 90)]);
  }
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => [...row[column]!].length)));
  return rows.map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join('  ')).join('\n');
}
