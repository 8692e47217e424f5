import { Redis } from 'ioredis';
import Redlock, { ExecutionError, type Lock } from 'redlock';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '@monkeyslegion/scheduler-core';
import { PresetValueRedlock } from './preset-value-redlock.js';

/** A Redlock stand-in that asks for its value the way `acquire` of 5.0.0-beta.2 does, or after an await. */
function redlockLike(asksLate: boolean): Redlock {
  const like = {
    _random: () => 'redlock-random',
    async acquire(resources: string[]): Promise<Lock> {
      if (asksLate) await Promise.resolve();
      const value = like._random();
      await Promise.resolve();
      return { resources, value } as unknown as Lock;
    },
  };
  return like as unknown as Redlock;
}

describe('PresetValueRedlock', () => {
  it('works with the installed redlock: its acquire takes the value before its first await', async () => {
    // No server: the command fails at once, which redlock reports as a failed quorum.
    const client = new Redis({ lazyConnect: true, enableOfflineQueue: false });
    const preset = new PresetValueRedlock(new Redlock([client], { retryCount: 0 }));
    const acquiring = preset.acquire(['k'], 1000, 'prepared');
    await expect(acquiring).rejects.toBeInstanceOf(ExecutionError);
    client.disconnect();
  });

  it('hands every one of many concurrent acquires its own prepared value', async () => {
    const preset = new PresetValueRedlock(redlockLike(false));
    const locks = await Promise.all(Array.from({ length: 50 }, (_, index) => preset.acquire([`k${index}`], 1000, `v${index}`)));
    expect(locks.map((lock) => lock.value)).toEqual(locks.map((_, index) => `v${index}`));
  });

  it('fails with a ConfigurationError, now and on every later acquire, when redlock asks for the value after an await', async () => {
    const preset = new PresetValueRedlock(redlockLike(true));
    expect(() => preset.acquire(['a'], 1000, 'first')).toThrow(ConfigurationError);
    expect(() => preset.acquire(['b'], 1000, 'second')).toThrow(/redlock "5\.0\.0-beta\.2"/);
  });

  it('rejects a fractional TTL before redlock sees it', () => {
    const preset = new PresetValueRedlock(redlockLike(false));
    expect(() => preset.acquire(['a'], 1.5, 'v')).toThrow(ConfigurationError);
    expect(() => preset.acquire(['a'], 1000, 'v')).not.toThrow();
  });
});
