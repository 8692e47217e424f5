export {
  TEST_SERVICE_DEFAULTS,
  isServiceAvailable,
  testDatabaseUrl,
  testRedisUrl,
  uniqueTestPrefix,
} from './service-availability.js';
