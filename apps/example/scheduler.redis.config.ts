import { defineConfig } from '@monkeyslegion/scheduler-core';
import { redisCache } from '@monkeyslegion/scheduler-cache';
import { redisLocks } from '@monkeyslegion/scheduler-locks';
import { redisDriver } from '@monkeyslegion/scheduler-drivers';
import { registerTasks } from './src/schedule.js';

// The cluster setup: state, locks and pushed runs in Redis, so any number of servers can run
// `legion schedule:work --config scheduler.redis.config.ts` and onOneServer tasks run once per slot.
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export default defineConfig({
  timezone: 'UTC',
  discover: ['./src/tasks'],
  prefix: 'legion-example',
  plugins: [redisCache({ url }), redisLocks({ url }), redisDriver({ url })],
  schedule: registerTasks,
});
