import { describe, expect, it, vi } from 'vitest';
import * as original from './tokens.js';

describe('tokens', () => {
  it('are shared by every copy of the module in one process', async () => {
    // After resetting the module registry the import evaluates a second, independent copy of the module.
    vi.resetModules();
    const copy = await import('./tokens.js');
    expect(copy).not.toBe(original);
    expect(copy.CACHE_STORE).toBe(original.CACHE_STORE);
    expect(copy.LOCK_PROVIDER).toBe(original.LOCK_PROVIDER);
    expect(copy.DRIVER).toBe(original.DRIVER);
  });
});
