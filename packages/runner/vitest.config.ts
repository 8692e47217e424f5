import { packageTestConfig } from '../../vitest.shared.js';

// Integration tests spawn real child processes and time real runs: one file at a time keeps them from
// starving each other on a small shared machine. The global setup makes sure the compiled child entry
// the task processes run is not older than the sources.
export default packageTestConfig({
  fileParallelism: false,
  globalSetup: ['./test/support/ensure-built.ts'],
});
