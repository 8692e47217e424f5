import { FrequencyBuilder } from './frequency-builder.js';

/** One row of the README frequency table, produced by really calling the method. */
export interface FrequencyMethodExample {
  /** Method name, e.g. `dailyAt`. */
  readonly method: string;
  /** The example call as written in code, e.g. `dailyAt('13:00')`. */
  readonly call: string;
  /** The expression a fresh builder has after the call, e.g. `0 13 * * *`. */
  readonly expression: string;
}

/** Marker opening the generated section of `packages/core/README.md`. */
export const FREQUENCY_TABLE_START = '<!-- frequency-table:start -->';
/** Marker closing the generated section of `packages/core/README.md`. */
export const FREQUENCY_TABLE_END = '<!-- frequency-table:end -->';

type NonFrequencyMethod = 'timezone' | 'between' | 'unlessBetween' | 'when' | 'skip' | 'environments';
type FrequencyMethod = Exclude<
  { [K in keyof FrequencyBuilder]: FrequencyBuilder[K] extends (...args: never[]) => FrequencyBuilder ? K : never }[keyof FrequencyBuilder],
  NonFrequencyMethod
>;
type ExampleCall = { [M in FrequencyMethod]: { method: M; args: Parameters<FrequencyBuilder[M]> } }[FrequencyMethod];

const call = <M extends FrequencyMethod>(method: M, ...args: Parameters<FrequencyBuilder[M]>): ExampleCall =>
  ({ method, args }) as ExampleCall;

// Typed against the builder, so a renamed method or a changed signature breaks the build, not the docs.
const EXAMPLE_CALLS: readonly ExampleCall[] = [
  call('everySecond'),
  call('everyTwoSeconds'),
  call('everyFiveSeconds'),
  call('everyTenSeconds'),
  call('everyFifteenSeconds'),
  call('everyTwentySeconds'),
  call('everyThirtySeconds'),
  call('everyMinute'),
  call('everyTwoMinutes'),
  call('everyThreeMinutes'),
  call('everyFourMinutes'),
  call('everyFiveMinutes'),
  call('everyTenMinutes'),
  call('everyFifteenMinutes'),
  call('everyThirtyMinutes'),
  call('hourly'),
  call('hourlyAt', 17),
  call('hourlyAt', [15, 45]),
  call('everyOddHour'),
  call('everyOddHour', 30),
  call('everyTwoHours'),
  call('everyThreeHours'),
  call('everyFourHours'),
  call('everySixHours', 15),
  call('daily'),
  call('dailyAt', '13:00'),
  call('at', '9:15'),
  call('twiceDaily'),
  call('twiceDaily', 1, 13),
  call('twiceDailyAt', 1, 13, 15),
  call('weekdays'),
  call('weekends'),
  call('mondays'),
  call('tuesdays'),
  call('wednesdays'),
  call('thursdays'),
  call('fridays'),
  call('saturdays'),
  call('sundays'),
  call('days', 1, 3, 5),
  call('days', ['MON', 'FRI']),
  call('weekly'),
  call('weeklyOn', 1, '8:00'),
  call('monthly'),
  call('monthlyOn', 4, '15:00'),
  call('twiceMonthly', 1, 16, '13:00'),
  call('lastDayOfMonth', '15:00'),
  call('daysOfMonth', 1, 10, 20),
  call('quarterly'),
  call('quarterlyOn', 4, '14:00'),
  call('yearly'),
  call('yearlyOn', 6, 1, '17:00'),
  call('cron', '0 9 * * MON-FRI'),
];

class ExampleBuilder extends FrequencyBuilder {
  expression(): string {
    return this.frequencyState().expression;
  }
}

/** Calls every frequency method on a fresh builder and reports the resulting expression. */
export function describeFrequencyMethods(): FrequencyMethodExample[] {
  return EXAMPLE_CALLS.map(({ method, args }) => {
    const builder = new ExampleBuilder();
    (builder[method] as (...values: unknown[]) => unknown).apply(builder, args);
    return { method, call: `${method}(${args.map(formatArgument).join(', ')})`, expression: builder.expression() };
  });
}

/** Renders `describeFrequencyMethods()` as a Markdown table (method | example call | expression). */
export function renderFrequencyTable(): string {
  const rows = describeFrequencyMethods().map(({ method, call, expression }) => `| \`${method}\` | \`${call}\` | \`${expression}\` |`);
  return ['| method | example call | expression |', '| --- | --- | --- |', ...rows].join('\n');
}

/** Returns `readme` with the text between the frequency-table markers replaced by a fresh table. */
export function replaceFrequencyTable(readme: string): string {
  const start = readme.indexOf(FREQUENCY_TABLE_START);
  const end = readme.indexOf(FREQUENCY_TABLE_END);
  if (start === -1 || end < start) {
    throw new Error(`README has no "${FREQUENCY_TABLE_START}" ... "${FREQUENCY_TABLE_END}" section to rewrite`);
  }
  return `${readme.slice(0, start + FREQUENCY_TABLE_START.length)}\n${renderFrequencyTable()}\n${readme.slice(end)}`;
}

function formatArgument(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(formatArgument).join(', ')}]`;
  return typeof value === 'string' ? `'${value}'` : String(value);
}
