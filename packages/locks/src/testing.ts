export type { LockProviderConformanceOptions, LockProviderFixture } from './testing/lock-provider-conformance.js';
export { describeLockProviderConformance } from './testing/lock-provider-conformance.js';
