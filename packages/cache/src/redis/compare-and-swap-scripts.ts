import { RedisScript } from './redis-script.js';

// Each script reads and writes KEYS[1] only, so it runs on a Redis Cluster as well as on one server.
// GET returns false for an absent or expired key, which never equals the expected JSON text.

/** `compareAndSwap`: ARGV = expected JSON, next JSON, TTL in ms ('' for none); returns 1 when swapped. */
export const COMPARE_AND_SWAP_SCRIPT = new RedisScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[3] == '' then
  redis.call('SET', KEYS[1], ARGV[2])
else
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
end
return 1
`);

/** `compareAndDelete`: ARGV = expected JSON; returns 1 when deleted. */
export const COMPARE_AND_DELETE_SCRIPT = new RedisScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`);
