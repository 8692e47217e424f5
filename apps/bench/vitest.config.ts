import { packageTestConfig } from '../../vitest.shared.js';

// Unit tests of the harness itself (statistics, workload, flags, rendering); they never time anything.
export default packageTestConfig();
