import { ConfigurationError, quote } from '@monkeyslegion/scheduler-core';

/** Command-line options of `pnpm bench`. */
export interface BenchOptions {
  /** Smoke mode: small counts, < 60 s, writes RESULTS-quick.md unless `out` is given. */
  quick: boolean;
  /** Section ids to run (default: all). */
  only: string[] | null;
  /** Markdown file to rewrite (relative to apps/bench). */
  out: string | null;
  /** Task counts of the pulse-cost section, replacing the plan's. */
  sizes: number[] | null;
  /** Mark the results preliminary whatever the load average says. */
  preliminary: boolean;
  /** Print usage and exit. */
  help: boolean;
}

/** Usage text of `pnpm bench`. */
export const USAGE = `Usage: pnpm bench [-- options]            (or: node --expose-gc dist/main.js [options] in apps/bench)

  --quick              smoke run: small counts, < 60 s; writes RESULTS-quick.md (env: BENCH_QUICK=1)
  --only=<ids>         comma-separated sections: pulse,next-run,precision,pushed,locks,cold-start (env: BENCH_ONLY)
  --sizes=<n,n>        task counts of the pulse section (default 1000,10000,100000; quick 1000)
  --out=<file>         Markdown file to rewrite (default: RESULTS.md, or RESULTS-quick.md with --quick)
  --preliminary        head the results "PRELIMINARY" (automatic when the machine is loaded)
  --help               this text`;

/** Parses `argv` (after the script name) and the BENCH_* environment variables. */
export function parseBenchOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const options: BenchOptions = {
    quick: env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true',
    only: env.BENCH_ONLY ? splitList(env.BENCH_ONLY) : null,
    out: null,
    sizes: null,
    preliminary: false,
    help: false,
  };
  for (const argument of argv) {
    // `pnpm bench -- --quick` forwards the separator itself through turbo on some versions.
    if (argument === '--') continue;
    const [flag, value] = argument.includes('=') ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)] : [argument, undefined];
    if (flag === '--quick') options.quick = true;
    else if (flag === '--preliminary') options.preliminary = true;
    else if (flag === '--help' || flag === '-h') options.help = true;
    else if (flag === '--only' && value) options.only = splitList(value);
    else if (flag === '--out' && value) options.out = value;
    else if (flag === '--sizes' && value) options.sizes = parseSizes(value);
    else throw new ConfigurationError(`Bench: unknown option ${quote(argument)} (see --help)`, { value: argument });
  }
  return options;
}

function parseSizes(text: string): number[] {
  return splitList(text).map((part) => {
    const size = Number(part.replace(/k$/i, '000'));
    if (!Number.isInteger(size) || size < 10) throw new ConfigurationError(`Bench: --sizes entry ${quote(part)} must be a whole number of tasks (e.g. 1000 or 10k)`, { value: part });
    return size;
  });
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}
