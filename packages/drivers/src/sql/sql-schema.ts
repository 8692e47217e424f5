import { ConfigurationError, quote } from '@monkeyslegion/scheduler-core';

/** Names of a SQL driver's tables and indexes, already quoted for SQL. */
export interface SqlSchema {
  /** The runs table, e.g. `"legion_runs"`. */
  readonly runs: string;
  /** The schema version table, e.g. `"legion_schema_version"`. */
  readonly version: string;
  /** Unquoted qualified runs table name, used to name the advisory lock and the NOTIFY channel. */
  readonly identity: string;
  /** Statements creating schema version `n` (index `n - 1`), in order. */
  readonly migrations: readonly (readonly string[])[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Builds the table names and migrations for `prefix` (and a PostgreSQL `schema`). Names are
 * validated, not escaped, so no configuration value can inject SQL.
 *
 * @throws ConfigurationError for a prefix or schema that is not a plain identifier.
 */
export function sqlSchema(prefix: string, schema?: string): SqlSchema {
  if (!IDENTIFIER.test(prefix) || prefix.length > 40) {
    throw new ConfigurationError(`SqlDriver: table prefix ${quote(prefix)} must be letters, digits and "_" (at most 40, not starting with a digit)`, { value: prefix });
  }
  if (schema !== undefined && (!IDENTIFIER.test(schema) || schema.length > 63)) {
    throw new ConfigurationError(`SqlDriver: schema ${quote(schema)} must be letters, digits and "_" (at most 63, not starting with a digit)`, { value: schema });
  }
  const qualify = (name: string) => (schema ? `"${schema}"."${name}"` : `"${name}"`);
  const runs = qualify(`${prefix}runs`);
  return {
    runs,
    version: qualify(`${prefix}schema_version`),
    identity: schema ? `${schema}.${prefix}runs` : `${prefix}runs`,
    migrations: [
      [
        `CREATE TABLE ${runs} (
          id TEXT PRIMARY KEY,
          task_id TEXT NOT NULL,
          payload TEXT,
          dedupe_key TEXT,
          run_at BIGINT NOT NULL,
          visible_at BIGINT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
          claimed_by TEXT,
          failed_reason TEXT,
          failed_at BIGINT,
          pushed_at BIGINT NOT NULL
        )`,
        // One active run per dedupe key; done and failed runs free the key.
        `CREATE UNIQUE INDEX "${prefix}runs_active_dedupe" ON ${runs} (dedupe_key) WHERE status = 'pending'`,
        `CREATE INDEX "${prefix}runs_ready" ON ${runs} (visible_at, id) WHERE status = 'pending'`,
        `CREATE INDEX "${prefix}runs_failed" ON ${runs} (failed_at) WHERE status = 'failed'`,
      ],
    ],
  };
}

/** Makes an application prefix (`ctx.config.prefix`) usable as a SQL table prefix: `my-app` → `my_app_`. */
export function sqlTablePrefix(prefix: string): string {
  let name = prefix.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (name.length === 0) name = 'legion';
  if (/^[0-9]/.test(name)) name = `t_${name}`;
  return `${name.slice(0, 39)}_`;
}
