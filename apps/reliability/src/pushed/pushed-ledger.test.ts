import { describe, expect, it } from 'vitest';
import { auditPushedRuns } from './pushed-ledger.js';

describe('auditPushedRuns', () => {
  it('finds lost payloads, duplicates with their hosts, and malformed lines', () => {
    const audit = auditPushedRuns(['{"n":0},h1', '{"n":2},h1', '{"n":2},h2', '{"n":9},h1', 'garbage', '{"n":1}'], 4);
    expect(audit.ran).toBe(2);
    expect(audit.lost).toEqual([1, 3]);
    expect(audit.duplicates).toBe(1);
    expect([...audit.duplicated]).toEqual([[2, ['h1', 'h2']]]);
    expect(audit.runsByHost).toEqual({ h1: 2, h2: 1 });
    expect(audit.malformed).toEqual(['{"n":9},h1', 'garbage', '{"n":1}']);
  });
});
