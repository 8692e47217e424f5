import { describe, expect, it } from 'vitest';
import { newRunId } from './run-id.js';

describe('newRunId', () => {
  it('produces UUIDv7-shaped ids that sort in creation order, also within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => newRunId(1_700_000_000_000));
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const later = newRunId(1_800_000_000_000);
    expect(later > ids[ids.length - 1]!).toBe(true);
  });

  it('encodes the creation time in its first 48 bits', () => {
    const id = newRunId(1_900_000_000_123);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(1_900_000_000_123);
  });
});
