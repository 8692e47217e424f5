import { describe, expect, it } from 'vitest';
import { auditSlots, parseLedgerLine } from './slot-ledger.js';

const TASKS = [
  { id: 'a', periodMs: 1000 },
  { id: 'b', periodMs: 5000 },
];
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds)).toISOString();

describe('auditSlots', () => {
  it('counts every slot of the window once when each ran exactly once', () => {
    const lines = [0, 1, 2, 3, 4, 5].map((second) => `a,${at(second)},h1`).concat([`b,${at(0)},h2`, `b,${at(5)},h1`]);
    const audit = auditSlots(lines, TASKS, { from: Date.parse(at(0)), to: Date.parse(at(5)) });
    expect(audit).toMatchObject({ expected: 8, ran: 8, duplicates: [], missing: [], malformed: [], runsByHost: { h1: 7, h2: 1 } });
  });

  it('reports a slot that ran on two hosts as a duplicate even outside the window', () => {
    const lines = [`a,${at(0)},h1`, `a,${at(9)},h1`, `a,${at(9)},h2`];
    const audit = auditSlots(lines, TASKS, { from: Date.parse(at(0)), to: Date.parse(at(0)) });
    expect(audit.duplicates).toEqual([{ taskId: 'a', slot: Date.parse(at(9)), hosts: ['h1', 'h2'] }]);
  });

  it('reports every slot of the window that never ran', () => {
    const audit = auditSlots([`a,${at(1)},h1`], [TASKS[0]!], { from: Date.parse(at(0)), to: Date.parse(at(2)) });
    expect(audit.missing).toEqual([
      { taskId: 'a', slot: Date.parse(at(0)) },
      { taskId: 'a', slot: Date.parse(at(2)) },
    ]);
  });

  it('rejects lines of unknown tasks, broken lines and instants that are not slots of the task', () => {
    const lines = [`c,${at(0)},h1`, 'garbage', `b,${at(3)},h1`, `a,2026-01-01T00:00:00Z,h1`];
    expect(auditSlots(lines, TASKS, { from: 0, to: -1 }).malformed).toEqual(lines);
  });
});

describe('parseLedgerLine', () => {
  it('reads task, slot instant and host', () => {
    expect(parseLedgerLine(`a,${at(7)},host-1`)).toEqual({ taskId: 'a', slot: Date.parse(at(7)), host: 'host-1' });
  });
});
