import { randomFillSync } from 'node:crypto';

/** Tokens drawn from one `randomFillSync` call. */
const POOL_TOKENS = 256;
const TOKEN_BYTES = 16;

let pool = Buffer.allocUnsafeSlow(0);
let offset = 0;

/**
 * A fresh 128-bit owner token as 32 hex characters (the same shape redlock uses). Bytes come from the
 * CSPRNG in batches of 256 tokens, like `crypto.randomUUID()`'s cache: one `randomBytes(16)` per token
 * cost more than the rest of a Redis acquire's client-side work. Every byte is used once; a process
 * never shares the pool (child processes and workers load their own copy of this module).
 */
export function randomToken(): string {
  if (offset + TOKEN_BYTES > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafeSlow(POOL_TOKENS * TOKEN_BYTES));
    offset = 0;
  }
  const token = pool.toString('hex', offset, offset + TOKEN_BYTES);
  offset += TOKEN_BYTES;
  return token;
}
