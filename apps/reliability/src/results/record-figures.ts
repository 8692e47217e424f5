import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReliabilityProfile } from '../profile/reliability-profile.js';

const RESULTS = fileURLToPath(new URL('../../results/', import.meta.url));

/**
 * Merges one scenario's figures into `results/<profile>.local.json` (with the seed, host facts and the
 * time of the run), the raw material of the tables in docs/reliability.md.
 */
export function recordFigures(profile: ReliabilityProfile, scenario: string, figures: Record<string, unknown>): void {
  mkdirSync(RESULTS, { recursive: true });
  const file = path.join(RESULTS, `${profile.name}.local.json`);
  const current = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  current[scenario] = { recordedAt: new Date().toISOString(), seed: profile.seed, ...figures };
  writeFileSync(file, `${JSON.stringify(current, null, 2)}\n`);
}
