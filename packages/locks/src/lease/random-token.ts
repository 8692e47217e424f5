import { randomBytes } from 'node:crypto';

/** A fresh 128-bit owner token as 32 hex characters (the same shape redlock uses). */
export function randomToken(): string {
  return randomBytes(16).toString('hex');
}
