import { describe, expect, it } from 'vitest';
import { decodeLockValue, encodeLockValue } from './lock-value.js';

const token = '0123456789abcdef0123456789abcdef';

describe('encodeLockValue / decodeLockValue', () => {
  it('puts the token first and the owner after the first dot, and reads both back', () => {
    const value = encodeLockValue({ token, owner: { host: 'web-1', pid: 42, runId: 'run-7' }, acquiredAt: 1_700_000_000_000 });
    expect(value.startsWith(`${token}.`)).toBe(true);
    expect(JSON.parse(Buffer.from(value.slice(33), 'base64url').toString('utf8'))).toEqual({
      host: 'web-1',
      pid: 42,
      acquiredAt: 1_700_000_000_000,
      runId: 'run-7',
    });
    expect(decodeLockValue(value)).toEqual({ token, owner: { host: 'web-1', pid: 42, runId: 'run-7' }, acquiredAt: 1_700_000_000_000 });
  });

  it('leaves runId out when the owner has none', () => {
    const decoded = decodeLockValue(encodeLockValue({ token, owner: { host: 'h', pid: 1 }, acquiredAt: 5 }));
    expect(decoded?.owner).toEqual({ host: 'h', pid: 1 });
  });

  it('round-trips owners whose fields contain dots, quotes, newlines and non-ASCII text', () => {
    const owner = { host: 'a.b.c', pid: 7, runId: 'r."\n.ü🔒' };
    const value = encodeLockValue({ token, owner, acquiredAt: 9 });
    expect(value.split('.')).toHaveLength(2);
    expect(decodeLockValue(value)?.owner).toEqual(owner);
  });

  it('answers null for values it did not write: bare tokens, foreign text, broken or incomplete JSON', () => {
    const encode = (json: unknown) => `${token}.${Buffer.from(JSON.stringify(json)).toString('base64url')}`;
    for (const value of [
      token,
      'someone-else',
      `${token}.`,
      `${token}.not-base64-json`,
      `XYZ${token.slice(3)}.${encode({ host: 'h', pid: 1, acquiredAt: 1 })}`,
      encode({ host: 'h', pid: '1', acquiredAt: 1 }),
      encode({ host: 'h', pid: 1 }),
      encode({ host: 'h', pid: 1, acquiredAt: 1, runId: 3 }),
      encode(null),
    ]) {
      expect(decodeLockValue(value)).toBeNull();
    }
  });
});
