import cronstrue from 'cronstrue';

const described = new Map<string, string>();

/**
 * A cron expression in words via cronstrue (`0 2 * * 1` -> `At 02:00 AM, only on Monday`; six fields start with
 * seconds, as in the scheduler). Memoized: many tasks share an expression. Falls back to the expression.
 */
export function describeFrequency(expression: string): string {
  let text = described.get(expression);
  if (text === undefined) {
    try {
      text = cronstrue.toString(expression, { throwExceptionOnParseError: true, verbose: false });
    } catch {
      text = expression;
    }
    described.set(expression, text);
  }
  return text;
}
