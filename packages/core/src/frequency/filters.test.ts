import { describe, expect, it } from 'vitest';
import type { FilterContext, TaskFilter } from '../task/task-filter.js';
import { FrequencyBuilder, type FrequencyState } from './frequency-builder.js';

class TestBuilder extends FrequencyBuilder {
  state(defaultTimezone?: string): FrequencyState {
    return this.frequencyState(defaultTimezone);
  }
}

const context = (iso: string, environment = 'production'): FilterContext => ({ at: new Date(iso), environment });
const onlyFilter = (builder: TestBuilder, defaultTimezone?: string): TaskFilter => {
  const { filters } = builder.state(defaultTimezone);
  expect(filters).toHaveLength(1);
  return filters[0]!;
};

describe('between() and unlessBetween()', () => {
  it('passes inside the window, inclusive at both ends, and explains the rejection', () => {
    const filter = onlyFilter(new TestBuilder().between('9:00', '17:00'));
    expect(filter.kind).toBe('between');
    expect(filter.reason).toBe('outside 09:00-17:00 (UTC)');
    expect(filter.passes(context('2026-01-05T08:59:00Z'))).toBe(false);
    expect(filter.passes(context('2026-01-05T09:00:00Z'))).toBe(true);
    expect(filter.passes(context('2026-01-05T12:30:00Z'))).toBe(true);
    expect(filter.passes(context('2026-01-05T17:00:00Z'))).toBe(true);
    expect(filter.passes(context('2026-01-05T17:00:01Z'))).toBe(false);
    expect(filter.passes(context('2026-01-05T17:01:00Z'))).toBe(false);
  });

  it('wraps a window that crosses midnight', () => {
    const filter = onlyFilter(new TestBuilder().between('22:00', '02:00'));
    expect(filter.passes(context('2026-01-05T21:59:00Z'))).toBe(false);
    expect(filter.passes(context('2026-01-05T22:00:00Z'))).toBe(true);
    expect(filter.passes(context('2026-01-05T23:59:59Z'))).toBe(true);
    expect(filter.passes(context('2026-01-06T00:00:00Z'))).toBe(true);
    expect(filter.passes(context('2026-01-06T02:00:00Z'))).toBe(true);
    expect(filter.passes(context('2026-01-06T02:01:00Z'))).toBe(false);
    expect(filter.passes(context('2026-01-06T12:00:00Z'))).toBe(false);
  });

  it('skips inside the window with unlessBetween, also across midnight', () => {
    const filter = onlyFilter(new TestBuilder().unlessBetween('23:00', '1:30'));
    expect(filter.kind).toBe('unlessBetween');
    expect(filter.reason).toBe('inside 23:00-01:30 (UTC)');
    expect(filter.passes(context('2026-01-05T22:59:00Z'))).toBe(true);
    expect(filter.passes(context('2026-01-05T23:00:00Z'))).toBe(false);
    expect(filter.passes(context('2026-01-06T01:30:00Z'))).toBe(false);
    expect(filter.passes(context('2026-01-06T01:31:00Z'))).toBe(true);
  });

  it('reads the time of day in the builder timezone, set before or after the filter', () => {
    const before = onlyFilter(new TestBuilder().timezone('Europe/London').between('9:00', '17:00'));
    const after = onlyFilter(new TestBuilder().between('9:00', '17:00').timezone('America/New_York'));
    expect(before.reason).toBe('outside 09:00-17:00 (Europe/London)');
    // 08:30Z is 09:30 BST in summer and 08:30 GMT in winter.
    expect(before.passes(context('2026-07-01T08:30:00Z'))).toBe(true);
    expect(before.passes(context('2026-01-05T08:30:00Z'))).toBe(false);
    expect(after.reason).toBe('outside 09:00-17:00 (America/New_York)');
    expect(after.passes(context('2026-01-05T14:00:00Z'))).toBe(true);
    expect(after.passes(context('2026-01-05T22:30:00Z'))).toBe(false);
  });

  it('uses the default timezone handed to frequencyState when none was set', () => {
    const filter = onlyFilter(new TestBuilder().between('22:00', '02:00'), 'Asia/Tokyo');
    expect(filter.reason).toBe('outside 22:00-02:00 (Asia/Tokyo)');
    // 14:30Z is 23:30 in Tokyo; 06:00Z is 15:00.
    expect(filter.passes(context('2026-01-05T14:30:00Z'))).toBe(true);
    expect(filter.passes(context('2026-01-05T06:00:00Z'))).toBe(false);
  });

  it('follows the local wall clock across a DST change', () => {
    const filter = onlyFilter(new TestBuilder().timezone('America/New_York').between('1:00', '1:59'));
    // Both 01:30 EDT and 01:30 EST are inside; 03:00 EDT on spring-forward day is not.
    expect(filter.passes(context('2026-11-01T05:30:00Z'))).toBe(true);
    expect(filter.passes(context('2026-11-01T06:30:00Z'))).toBe(true);
    expect(filter.passes(context('2026-03-08T07:00:00Z'))).toBe(false);
  });
});

describe('when() and skip()', () => {
  it('passes a fixed when(true) and rejects when(false) with a reason', () => {
    expect(onlyFilter(new TestBuilder().when(true)).passes(context('2026-01-01T00:00:00Z'))).toBe(true);
    const filter = onlyFilter(new TestBuilder().when(false));
    expect(filter.passes(context('2026-01-01T00:00:00Z'))).toBe(false);
    expect(filter.reason).toBe('when() returned false');
  });

  it('asks a when() callback with the slot context each time', () => {
    const seen: string[] = [];
    const filter = onlyFilter(
      new TestBuilder().when((ctx) => {
        seen.push(`${ctx.environment}@${ctx.at.toISOString()}`);
        return ctx.at.getUTCHours() < 12;
      }),
    );
    expect(filter.passes(context('2026-01-01T08:00:00Z', 'staging'))).toBe(true);
    expect(filter.passes(context('2026-01-01T13:00:00Z'))).toBe(false);
    expect(seen).toEqual(['staging@2026-01-01T08:00:00.000Z', 'production@2026-01-01T13:00:00.000Z']);
  });

  it('awaits an async when() callback', async () => {
    const filter = onlyFilter(new TestBuilder().when(async () => false));
    await expect(filter.passes(context('2026-01-01T00:00:00Z'))).resolves.toBe(false);
  });

  it('inverts skip(): skip(true) rejects with a reason, skip(false) passes', () => {
    const filter = onlyFilter(new TestBuilder().skip(true));
    expect(filter.kind).toBe('skip');
    expect(filter.reason).toBe('skip() returned true');
    expect(filter.passes(context('2026-01-01T00:00:00Z'))).toBe(false);
    expect(onlyFilter(new TestBuilder().skip(false)).passes(context('2026-01-01T00:00:00Z'))).toBe(true);
  });

  it('inverts a sync or async skip() callback', async () => {
    expect(onlyFilter(new TestBuilder().skip(() => true)).passes(context('2026-01-01T00:00:00Z'))).toBe(false);
    await expect(onlyFilter(new TestBuilder().skip(async () => false)).passes(context('2026-01-01T00:00:00Z'))).resolves.toBe(true);
  });
});

describe('environments()', () => {
  it('passes only in a listed environment and names the environment it rejected', () => {
    const filter = onlyFilter(new TestBuilder().environments('production', 'staging'));
    expect(filter.kind).toBe('environments');
    expect(filter.reason).toBe('environment not in [production, staging]');
    expect(filter.passes(context('2026-01-01T00:00:00Z', 'staging'))).toBe(true);
    expect(filter.passes(context('2026-01-01T00:00:00Z', 'dev'))).toBe(false);
    expect(filter.reason).toBe('environment "dev" not in [production, staging]');
  });

  it('accepts the names as one array', () => {
    const filter = onlyFilter(new TestBuilder().environments(['production']));
    expect(filter.passes(context('2026-01-01T00:00:00Z', 'production'))).toBe(true);
    expect(filter.passes(context('2026-01-01T00:00:00Z', 'Production'))).toBe(false);
  });
});
