import { describe, expect, it } from 'vitest';
import { quickPlan } from '../bench-plan.js';
import { renderResultsMarkdown, type RunReport } from './results-markdown.js';

const report: RunReport = {
  plan: quickPlan,
  machine: { cpuModel: 'CPU', cores: 2, totalMemoryBytes: 2 ** 30, nodeVersion: 'v20', os: 'Linux', loadAverageAtStart: 0.1, commit: 'abc', packages: { croner: '11.0.0' } },
  services: { Redis: '7.0' },
  clockAgreementUs: 4.2,
  startedAt: new Date('2026-01-01T00:00:00Z'),
  durationMs: 1000,
  preliminaryReason: 'measured on a loaded machine',
  command: 'pnpm bench',
  sections: [
    {
      id: 'locks',
      title: '5. Locks',
      status: 'measured',
      issueGoals: 'Goal: our Redis provider ≥ 0.9× raw redlock.',
      method: ['How.'],
      tables: [{ headers: ['a|b', 'c'], rows: [['1', '2']] }],
      goals: [{ goal: 'our Redis provider ≥ 0.9× raw redlock', measured: '0.5×', verdict: 'missed', gap: 'Short by 1.8×.' }],
      findings: ['Something.'],
      durationMs: 10,
    },
  ],
};

describe('renderResultsMarkdown', () => {
  it('heads a preliminary run and puts each goal verbatim beside its verdict and gap', () => {
    const text = renderResultsMarkdown(report);
    expect(text.startsWith('> **PRELIMINARY — measured on a loaded machine.**')).toBe(true);
    expect(text).toContain('- ❌ **"our Redis provider ≥ 0.9× raw redlock"** — 0.5×. Short by 1.8×.');
    expect(text).toContain('| `croner` | 11.0.0 |');
  });

  it('escapes pipes inside table cells', () => {
    expect(renderResultsMarkdown(report)).toContain('| a\\|b | c |');
  });

  it('has no preliminary header for a clean full run', () => {
    expect(renderResultsMarkdown({ ...report, preliminaryReason: null }).startsWith('# Benchmark results')).toBe(true);
  });
});
