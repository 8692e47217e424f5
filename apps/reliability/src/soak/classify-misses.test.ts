import { describe, expect, it } from 'vitest';
import { classifyMisses, slotKey } from './classify-misses.js';

describe('classifyMisses', () => {
  const outage = { from: 10_000, to: 20_000 };

  it('accepts a miss inside the outage only when a daemon recorded it as lock-unavailable', () => {
    const classes = classifyMisses(
      [
        { taskId: 'a', slot: 12_000 },
        { taskId: 'b', slot: 12_000 },
      ],
      { outage, lockUnavailableSkips: new Set([slotKey('a', 12_000)]), killedPids: new Set(), claimOwners: new Map() },
    );
    expect(classes['outage-recorded']).toEqual([{ taskId: 'a', slot: 12_000 }]);
    expect(classes['outage-unrecorded']).toEqual([{ taskId: 'b', slot: 12_000 }]);
  });

  it('blames a miss on a killed daemon only when that daemon owned the slot claim', () => {
    const classes = classifyMisses(
      [
        { taskId: 'a', slot: 30_000 },
        { taskId: 'b', slot: 30_000 },
      ],
      { outage, lockUnavailableSkips: new Set(), killedPids: new Set([41]), claimOwners: new Map([[slotKey('a', 30_000), 41], [slotKey('b', 30_000), 42]]) },
    );
    expect(classes['claimed-by-killed-daemon']).toEqual([{ taskId: 'a', slot: 30_000 }]);
    expect(classes.unexplained).toEqual([{ taskId: 'b', slot: 30_000 }]);
  });
});
