import { ConfigurationError } from '@monkeyslegion/scheduler-core';
import { describe, expect, it } from 'vitest';
import { sqlSchema, sqlTablePrefix } from './sql-schema.js';

describe('sqlSchema', () => {
  it('names the runs and version tables after the prefix, qualified by the schema when given', () => {
    expect(sqlSchema('legion_')).toMatchObject({ runs: '"legion_runs"', version: '"legion_schema_version"', identity: 'legion_runs' });
    expect(sqlSchema('app_', 'jobs')).toMatchObject({ runs: '"jobs"."app_runs"', version: '"jobs"."app_schema_version"', identity: 'jobs.app_runs' });
  });

  it('refuses names that could smuggle SQL', () => {
    expect(() => sqlSchema('x"; DROP TABLE users; --')).toThrow(ConfigurationError);
    expect(() => sqlSchema('legion_', 'public"')).toThrow('SqlDriver: schema "public"" must be letters, digits and "_"');
    expect(() => sqlSchema('1abc')).toThrow('table prefix "1abc"');
  });
});

describe('sqlTablePrefix', () => {
  it('turns an application prefix into a safe table prefix', () => {
    expect(sqlTablePrefix('legion')).toBe('legion_');
    expect(sqlTablePrefix('My-App.v2')).toBe('my_app_v2_');
    expect(sqlTablePrefix('2fast')).toBe('t_2fast_');
    expect(sqlTablePrefix('---')).toBe('legion_');
    expect(sqlTablePrefix('x'.repeat(64))).toHaveLength(40);
    expect(() => sqlSchema(sqlTablePrefix('x'.repeat(64)))).not.toThrow();
  });
});
