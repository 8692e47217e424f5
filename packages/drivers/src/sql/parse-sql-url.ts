import { isAbsolute, resolve } from 'node:path';
import { ConfigurationError, quote, redactUrl } from '@monkeyslegion/scheduler-core';

/** Where a `SqlDriver` keeps its runs. */
export type SqlTarget = { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'postgres'; readonly url: string };

/**
 * Reads a SQL driver URL: `sqlite:<file>` (relative to `baseDir`; `sqlite:///abs/path` and
 * `sqlite::memory:` work too) or `postgres://…`/`postgresql://…`.
 *
 * @throws ConfigurationError quoting the redacted URL for anything else.
 */
export function parseSqlUrl(url: string, baseDir: string = process.cwd()): SqlTarget {
  if (typeof url !== 'string' || url.length === 0) throw new ConfigurationError(`SqlDriver: url must be a non-empty string, got ${quote(url)}`, { value: String(url) });
  if (/^postgres(ql)?:\/\//i.test(url)) return { kind: 'postgres', url };
  const sqlite = /^sqlite:(.*)$/i.exec(url);
  if (sqlite) {
    let file = sqlite[1] ?? '';
    if (file.startsWith('//')) file = file.slice(2);
    if (file === ':memory:') return { kind: 'sqlite', file };
    if (file.length === 0) throw new ConfigurationError(`SqlDriver: url ${quote(url)} names no file; use sqlite:<file>`, { value: url });
    return { kind: 'sqlite', file: isAbsolute(file) ? file : resolve(baseDir, file) };
  }
  const redacted = redactUrl(url);
  throw new ConfigurationError(`SqlDriver: url ${quote(redacted)} is not supported; use sqlite:<file> or postgres://…`, { value: redacted });
}
