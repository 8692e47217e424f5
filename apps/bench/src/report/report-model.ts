/** Whether one goal of the issue is met by the figures of this run. */
export type GoalVerdict = 'met' | 'missed' | 'not-measured';

/** One goal of the issue beside the figure that decides it. */
export interface GoalCheck {
  /** The goal, quoted verbatim from the issue. */
  goal: string;
  /** The deciding figure(s), formatted. */
  measured: string;
  /** Met, missed, or not measured in this run. */
  verdict: GoalVerdict;
  /** For a missed goal: one sentence saying by how much; for not measured: why. */
  gap?: string;
}

/** A Markdown table. */
export interface ReportTable {
  /** Line printed above the table. */
  caption?: string;
  /** Column headers. */
  headers: string[];
  /** Rows of formatted cells. */
  rows: string[][];
}

/** How much of a section this run measured. */
export type SectionStatus = 'measured' | 'partial' | 'not-measured' | 'failed';

/** Everything one benchmark section contributes to RESULTS.md and the summary. */
export interface SectionReport {
  /** Stable id, also the `--only` name. */
  id: string;
  /** Heading. */
  title: string;
  /** Measured, partial (some subjects failed or are unavailable), not measured, failed. */
  status: SectionStatus;
  /** The section's goal text, verbatim from the issue, or `null` when it sets none. */
  issueGoals: string | null;
  /** How it was measured, one paragraph per entry. */
  method: string[];
  /** Figure tables. */
  tables: ReportTable[];
  /** Goal verdicts. */
  goals: GoalCheck[];
  /** Findings worth acting on (disagreements, failures), one sentence each. */
  findings: string[];
  /** Wall-clock time the section took. */
  durationMs: number;
}
