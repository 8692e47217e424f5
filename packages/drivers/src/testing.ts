export type { DriverConformanceHarness, DriverConformanceOptions, RawRunRecord } from './testing/driver-conformance.js';
export { describeDriverConformance } from './testing/driver-conformance.js';
