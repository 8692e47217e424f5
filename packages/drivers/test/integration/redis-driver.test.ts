import { isServiceAvailable, testRedisUrl, uniqueTestPrefix } from '@monkeyslegion/scheduler-core/testing';
import { Redis } from 'ioredis';
import { describe } from 'vitest';
import { RedisDriver, redisDriverKeys } from '../../src/redis.js';
import { describeDriverConformance } from '../../src/testing.js';

const url = testRedisUrl();
const redisUp = await isServiceAvailable('Redis', url);

describe.skipIf(!redisUp)('RedisDriver on a real Redis', () => {
  describeDriverConformance('redis', async () => {
    const prefix = `${uniqueTestPrefix('drv')}:`;
    const keys = redisDriverKeys(prefix);
    const admin = new Redis(url);
    const driver = new RedisDriver({ url, prefix });
    return {
      driver,
      openPeer: async () => new RedisDriver({ url, prefix }),
      writeRawRun: async (record) => {
        const fields: string[] = [];
        if (record.taskId !== undefined) fields.push('taskId', record.taskId);
        fields.push('payload', record.payload ?? 'null');
        await admin.xadd(keys.stream, '*', ...fields);
      },
      cleanup: async () => {
        await driver.close();
        await admin.del(...keys.all);
        await admin.quit();
      },
    };
  });
});
