import { ConfigurationError } from '@monkeyslegion/scheduler-core';
import { describe, expect, it } from 'vitest';
import { parseSqlUrl } from './parse-sql-url.js';

describe('parseSqlUrl', () => {
  it('resolves a relative SQLite file against the base folder', () => {
    expect(parseSqlUrl('sqlite:.legion/scheduler.db', '/srv/app')).toEqual({ kind: 'sqlite', file: '/srv/app/.legion/scheduler.db' });
    expect(parseSqlUrl('sqlite:/var/lib/q.db', '/srv/app')).toEqual({ kind: 'sqlite', file: '/var/lib/q.db' });
    expect(parseSqlUrl('sqlite:///var/lib/q.db', '/srv/app')).toEqual({ kind: 'sqlite', file: '/var/lib/q.db' });
    expect(parseSqlUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', file: ':memory:' });
  });

  it('accepts postgres:// and postgresql:// URLs as they are', () => {
    expect(parseSqlUrl('postgres://u:p@db:5432/app')).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/app' });
    expect(parseSqlUrl('postgresql://db/app')).toEqual({ kind: 'postgres', url: 'postgresql://db/app' });
  });

  it('rejects other schemes quoting the URL with its password redacted', () => {
    expect(() => parseSqlUrl('mysql://root:s3cret@db/app')).toThrow(ConfigurationError);
    expect(() => parseSqlUrl('mysql://root:s3cret@db/app')).toThrow('SqlDriver: url "mysql://root:***@db/app" is not supported; use sqlite:<file> or postgres://…');
    expect(() => parseSqlUrl('sqlite:')).toThrow('names no file');
    expect(() => parseSqlUrl('')).toThrow('url must be a non-empty string');
  });
});
