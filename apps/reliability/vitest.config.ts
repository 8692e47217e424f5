import { packageTestConfig } from '../../vitest.shared.js';

// Every scenario starts real processes and servers and measures them: one file at a time, so they never
// steal CPU from each other on a small shared machine. Timeouts are set per test from the profile.
export default packageTestConfig({
  fileParallelism: false,
  testTimeout: 60_000,
  hookTimeout: 60_000,
});
