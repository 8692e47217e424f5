export type { PayloadLimits } from './payload/payload-limits.js';
export { DEFAULT_PAYLOAD_LIMITS } from './payload/payload-limits.js';
export { parseStoredPayload } from './payload/parse-stored-payload.js';
export { validatePayload } from './payload/validate-payload.js';
export { MAX_DEDUPE_KEY_LENGTH, validateDedupeKey, validateTaskId } from './payload/validate-task-id.js';

export type { RedisDriverPluginOptions } from './plugin/redis-driver-plugin.js';
export { redisDriver } from './plugin/redis-driver-plugin.js';
export type { SqlDriverPluginOptions } from './plugin/sql-driver-plugin.js';
export { sqlDriver } from './plugin/sql-driver-plugin.js';

export type { FailedRun, FailureLog, MalformedRun } from './run/failed-run.js';
export { MALFORMED_REASON_PREFIX, MAX_FAILURE_REASON_LENGTH } from './run/failed-run.js';
