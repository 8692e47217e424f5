import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Drops a benchmark's PostgreSQL schema with everything in it (through `psql`, which the machine has). */
export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  if (!/^bench_[a-z0-9_]+$/.test(schema)) throw new RangeError(`dropSchema: refusing to drop "${schema}" (not a bench_ schema)`);
  await run('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-qc', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`], { timeout: 30_000 });
}
