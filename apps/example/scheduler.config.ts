import { defineConfig } from '@monkeyslegion/scheduler-core';
import { registerTasks } from './src/schedule.js';

// The embedded default: no plugins, so the CLI composes a SQLite cache and driver in
// .legion/scheduler.db and file locks in .legion/locks — zero services needed.
export default defineConfig({
  timezone: 'UTC',
  discover: ['./src/tasks'],
  schedule: registerTasks,
});
