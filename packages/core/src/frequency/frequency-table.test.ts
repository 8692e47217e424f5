import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FrequencyBuilder } from './frequency-builder.js';
import {
  FREQUENCY_TABLE_END,
  FREQUENCY_TABLE_START,
  describeFrequencyMethods,
  renderFrequencyTable,
  replaceFrequencyTable,
} from './frequency-table.js';

const NON_FREQUENCY_METHODS = ['constructor', 'timezone', 'between', 'unlessBetween', 'when', 'skip', 'environments', 'frequencyState', 'everySeconds'];

describe('describeFrequencyMethods', () => {
  it('covers every public frequency method of the builder', () => {
    const publicMethods = Object.getOwnPropertyNames(FrequencyBuilder.prototype).filter(
      (name) => !NON_FREQUENCY_METHODS.includes(name) && !isPrivateHelper(name),
    );
    const described = new Set(describeFrequencyMethods().map((example) => example.method));
    expect([...described].sort()).toEqual(publicMethods.sort());
  });

  it('reports the expression the call really produces', () => {
    const examples = describeFrequencyMethods();
    expect(examples).toContainEqual({ method: 'dailyAt', call: "dailyAt('13:00')", expression: '0 13 * * *' });
    expect(examples).toContainEqual({ method: 'hourlyAt', call: 'hourlyAt([15, 45])', expression: '15,45 * * * *' });
    expect(examples).toContainEqual({ method: 'everyFiveSeconds', call: 'everyFiveSeconds()', expression: '*/5 * * * * *' });
    expect(examples).toContainEqual({ method: 'lastDayOfMonth', call: "lastDayOfMonth('15:00')", expression: '0 15 L * *' });
  });
});

describe('renderFrequencyTable', () => {
  it('renders a Markdown table with one row per example', () => {
    const lines = renderFrequencyTable().split('\n');
    expect(lines.slice(0, 2)).toEqual(['| method | example call | expression |', '| --- | --- | --- |']);
    expect(lines).toHaveLength(describeFrequencyMethods().length + 2);
    expect(lines).toContain("| `weeklyOn` | `weeklyOn(1, '8:00')` | `0 8 * * 1` |");
  });
});

describe('replaceFrequencyTable', () => {
  it('rewrites only the text between the markers', () => {
    const readme = `# Title\n\n${FREQUENCY_TABLE_START}\nstale\n${FREQUENCY_TABLE_END}\n\n## Other section\n`;
    expect(replaceFrequencyTable(readme)).toBe(
      `# Title\n\n${FREQUENCY_TABLE_START}\n${renderFrequencyTable()}\n${FREQUENCY_TABLE_END}\n\n## Other section\n`,
    );
  });

  it('refuses a README without the markers', () => {
    expect(() => replaceFrequencyTable('# Title\n')).toThrow('README has no "<!-- frequency-table:start -->"');
  });

  it('finds the README table up to date (run `pnpm docs:frequencies` when this fails)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(FREQUENCY_TABLE_START);
    expect(replaceFrequencyTable(readme)).toBe(readme);
  });
});

/** Private helpers of the builder live on the prototype too; they are the names no example can call. */
function isPrivateHelper(name: string): boolean {
  return ['splice', 'hourBased', 'timeOfDay', 'twoHours', 'timeWindow', 'addFilter'].includes(name);
}
