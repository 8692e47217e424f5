/**
 * Escapes every glob metacharacter Redis `MATCH` understands (`*`, `?`, `[`, `]`, `\`), so the result
 * matches `literal` exactly and a caller-supplied prefix can never widen a `SCAN`.
 *
 * @example
 * escapeRedisPattern('jobs:[a]*'); // 'jobs:\\[a\\]\\*'
 */
export function escapeRedisPattern(literal: string): string {
  return literal.replace(/[*?[\]\\]/g, '\\$&');
}
