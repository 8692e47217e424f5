/**
 * Replaces the password (and a token-like username when there is no password) of a connection URL
 * with `***`, so URLs can appear in messages and logs. Unparseable input is returned with anything
 * between `//` and `@` masked.
 *
 * @example
 * redactUrl('redis://:s3cret@cache:6379/0'); // 'redis://:***@cache:6379/0'
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    else if (parsed.username && parsed.protocol.startsWith('redis')) parsed.username = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/** Replaces every occurrence of `secret` URLs' credentials inside `text` (e.g. a driver's error message). */
export function redactSecrets(text: string, urls: readonly string[]): string {
  let result = text;
  for (const url of urls) {
    try {
      const parsed = new URL(url);
      for (const secret of [parsed.password, decodeURIComponent(parsed.password)]) {
        if (secret) result = result.split(secret).join('***');
      }
    } catch {
      // Not a URL: nothing to redact from it.
    }
    result = result.split(url).join(redactUrl(url));
  }
  return result;
}
