/**
 * Lua scripts that keep the owner-metadata hash (KEYS[2]) in step with the redlock key (KEYS[1]).
 * Each one acts only while KEYS[1] still holds our token (ARGV[1]), so a late call can never write
 * over, or delete, the metadata of a newer holder. Both keys are declared in KEYS as Redis requires
 * (standalone servers; a Cluster would need both keys in one hash slot).
 */

/** Writes token/host/pid/runId/acquiredAt (ARGV[2..]) with the lock key's remaining TTL. */
export const WRITE_OWNER_SCRIPT = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
local ttl = redis.call('pttl', KEYS[1])
if ttl <= 0 then return 0 end
redis.call('del', KEYS[2])
redis.call('hset', KEYS[2], 'token', ARGV[1], 'host', ARGV[2], 'pid', ARGV[3], 'runId', ARGV[4], 'acquiredAt', ARGV[5])
redis.call('pexpire', KEYS[2], ttl)
return 1
`;

/** Gives the metadata the lock key's (just extended) remaining TTL. */
export const EXTEND_OWNER_SCRIPT = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
if redis.call('hget', KEYS[2], 'token') ~= ARGV[1] then return 0 end
local ttl = redis.call('pttl', KEYS[1])
if ttl <= 0 then return 0 end
redis.call('pexpire', KEYS[2], ttl)
return 1
`;

/** Deletes the metadata when it is ours (after redlock released the lock key). */
export const DELETE_OWNER_SCRIPT = `
if redis.call('hget', KEYS[2], 'token') == ARGV[1] then
  redis.call('del', KEYS[2])
  return 1
end
return 0
`;
