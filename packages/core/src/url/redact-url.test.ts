import { describe, expect, it } from 'vitest';
import { redactSecrets, redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it('masks passwords of redis and postgres URLs', () => {
    expect(redactUrl('redis://:s3cret@cache:6379/0')).toBe('redis://:***@cache:6379/0');
    expect(redactUrl('postgres://app:p%40ss@db:5432/app')).toBe('postgres://app:***@db:5432/app');
    expect(redactUrl('rediss://default:s3cret@cache:6380')).toBe('rediss://default:***@cache:6380');
  });

  it('masks a redis username used as a token and leaves credential-free URLs alone', () => {
    expect(redactUrl('redis://tok3n@cache:6379')).toBe('redis://***@cache:6379');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('masks credentials of text that is not a parseable URL', () => {
    expect(redactUrl('redis://user:pa ss@host:bad')).not.toContain('pa ss');
  });
});

describe('redactSecrets', () => {
  it('removes the password and the raw URL from a message', () => {
    const url = 'redis://:s3cret@10.0.0.1:6379';
    const text = redactSecrets(`connect ECONNREFUSED ${url} (auth s3cret)`, [url]);
    expect(text).not.toContain('s3cret');
    expect(text).toContain('***');
  });
});
