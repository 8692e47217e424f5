import { packageTestConfig } from '../../vitest.shared.js';

export default packageTestConfig({ globalSetup: ['test/e2e/build-cli.ts'] });
