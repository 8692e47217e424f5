import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SchedulerError } from '@monkeyslegion/scheduler-core';
import { fullPlan, quickPlan } from './bench-plan.js';
import { USAGE, parseBenchOptions } from './cli-options.js';
import { measureClockAgreement } from './measure/clock-agreement.js';
import { registerCleanup, runCleanups } from './measure/exit-cleanup.js';
import { machineInfo } from './measure/machine-info.js';
import { serviceVersions } from './measure/service-versions.js';
import type { SectionReport } from './report/report-model.js';
import { renderResultsMarkdown } from './report/results-markdown.js';
import { renderSummaryTable } from './report/summary-table.js';
import { coldStartSection } from './sections/cold-start.js';
import { firingPrecisionSection } from './sections/firing-precision.js';
import { locksSection } from './sections/locks.js';
import { nextRunSection } from './sections/next-run.js';
import { pulseCostSection } from './sections/pulse-cost.js';
import { pushedRunsSection } from './sections/pushed-runs.js';
import type { BenchSection, SectionContext } from './sections/section.js';

const SECTIONS: readonly BenchSection[] = [pulseCostSection, nextRunSection, firingPrecisionSection, pushedRunsSection, locksSection, coldStartSection];

// Above this 1-minute load per core the machine is busy with other work and timings are inflated.
const LOADED_PER_CORE = 0.5;

async function main(): Promise<number> {
  const options = parseBenchOptions(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const unknown = (options.only ?? []).filter((id) => !SECTIONS.some((section) => section.id === id));
  if (unknown.length > 0) {
    console.error(`bench: unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.map((section) => section.id).join(', ')}`);
    return 2;
  }
  const preset = options.quick ? quickPlan : fullPlan;
  const plan = options.sizes ? { ...preset, pulse: { ...preset.pulse, sizes: options.sizes } } : preset;
  const benchRoot = fileURLToPath(new URL('../', import.meta.url));
  const startedAt = new Date();
  const machine = machineInfo();
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const workDir = path.join(benchRoot, '.work', `run-${runId}`);
  mkdirSync(workDir, { recursive: true });
  registerCleanup(() => rmSync(workDir, { recursive: true, force: true }));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`bench: ${signal}, cleaning up\n`);
      void runCleanups().finally(() => process.exit(130));
    });
  }
  const log = (message: string) => process.stderr.write(`[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1)}s] ${message}\n`);
  const context: SectionContext = { plan, workDir, runPrefix: `bench-${runId}`, redisUrl, databaseUrl, log };

  log(`${plan.mode} run on ${machine.cpuModel} × ${machine.cores}, load ${machine.loadAverageAtStart.toFixed(2)}`);
  const services = await serviceVersions(redisUrl, databaseUrl);
  const clockAgreementUs = await measureClockAgreement().catch(() => null);
  const selected = SECTIONS.filter((section) => !options.only || options.only.includes(section.id));
  const reports: SectionReport[] = [];
  try {
    for (const section of selected) {
      const sectionStart = Date.now();
      log(`── ${section.title}`);
      try {
        reports.push({ ...(await section.run(context)), durationMs: Date.now() - sectionStart });
      } catch (error) {
        log(`${section.id} failed: ${(error as Error).stack ?? String(error)}`);
        reports.push({
          id: section.id,
          title: section.title,
          status: 'failed',
          issueGoals: null,
          method: [],
          tables: [],
          goals: [],
          findings: [`The section failed: ${(error as Error).message}`],
          durationMs: Date.now() - sectionStart,
        });
      }
    }
  } finally {
    await runCleanups();
  }

  const durationMs = Date.now() - startedAt.getTime();
  const loadPerCore = machine.loadAverageAtStart / machine.cores;
  const reasons = [
    options.quick ? 'quick smoke run (`--quick`): small counts and few repetitions' : '',
    loadPerCore > LOADED_PER_CORE || options.preliminary
      ? `measured on a loaded machine (1-minute load average ${machine.loadAverageAtStart.toFixed(2)} on ${machine.cores} cores at start, ${os.loadavg()[0]!.toFixed(2)} at the end)`
      : '',
    options.only || options.sizes
      ? `a partial run (${[options.only ? `sections ${options.only.join(', ')}` : '', options.sizes ? `pulse sizes ${options.sizes.join(', ')}` : ''].filter(Boolean).join('; ')})`
      : '',
  ].filter(Boolean);
  const preliminaryReason = reasons.length > 0 ? reasons.join('; ') : null;
  const out = path.resolve(benchRoot, options.out ?? (options.quick ? 'RESULTS-quick.md' : 'RESULTS.md'));
  const command = `pnpm bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).filter((arg) => arg !== '--').join(' ')}` : ''}`;
  writeFileSync(out, renderResultsMarkdown({ plan, machine, services, clockAgreementUs, startedAt, durationMs, preliminaryReason, command, sections: reports }));
  console.log(renderSummaryTable(reports));
  console.log(`\nsections: ${reports.map((report) => `${report.id} ${(report.durationMs / 1000).toFixed(1)} s`).join(', ')}`);
  console.log(`\n${plan.mode} run took ${(durationMs / 1000).toFixed(1)} s; results written to ${path.relative(process.cwd(), out) || out}`);
  return reports.some((report) => report.status === 'failed') ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof SchedulerError ? error.message : error);
    process.exit(error instanceof SchedulerError && error.code === 'CONFIGURATION' ? 2 : 1);
  },
);
