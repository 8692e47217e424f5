/**
 * Rewrites the frequency table in packages/core/README.md from the builder itself, so the docs show
 * what each method really produces. Only the text between the frequency-table markers is touched.
 *
 * Run with `pnpm --filter @monkeyslegion/scheduler-core docs:frequencies`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { replaceFrequencyTable } from '../src/frequency/frequency-table.js';

const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
const before = readFileSync(readmePath, 'utf8');
const after = replaceFrequencyTable(before);
if (after === before) {
  console.log(`${readmePath}: frequency table already up to date`);
} else {
  writeFileSync(readmePath, after);
  console.log(`${readmePath}: frequency table rewritten`);
}
