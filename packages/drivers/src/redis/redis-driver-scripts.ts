/**
 * Lua scripts of the Redis driver. Each runs atomically on the server, so a push, a claim or an ack
 * never leaves the stream, the index, the deadlines and the dedupe hash out of step, whatever
 * crashes. Every script receives the keys of `redisDriverKeys().all` and the consumer group as ARGV[1].
 * Times come from the server's `TIME`, so hosts with skewed clocks agree on visibility deadlines.
 */

const PRELUDE = `
local S, D, DD, I, L, DK, F, FC = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local G = ARGV[1]
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function int(n) return string.format('%.0f', n) end
local function ensure_group() redis.pcall('XGROUP', 'CREATE', S, G, '0', 'MKSTREAM') end
local function field(fields, name)
  for i = 1, #fields, 2 do if fields[i] == name then return fields[i + 1] end end
  return nil
end
local function sid_of(rid)
  local sid = redis.call('HGET', I, rid)
  if sid then return sid end
  if string.match(rid, '^%d+%-%d+$') then return rid end
  return nil
end
local function pending_of(sid)
  local ok, p = pcall(redis.call, 'XPENDING', S, G, sid, sid, 1)
  if ok and p[1] then return p[1] end
  return nil
end
`;

/** ARGV: group, run id, task id, payload, has payload ('1'|'0'), runAt ms ('' = now), dedupe key ('' = none), channel. Returns [id, created]. */
export const PUSH_SCRIPT = `${PRELUDE}
ensure_group()
local rid, task, payload, has_payload, run_at_arg, dk, channel = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local now = now_ms()
if dk ~= '' then
  local existing = redis.call('HGET', DK, dk)
  if existing and (redis.call('HEXISTS', I, existing) == 1 or redis.call('HEXISTS', DD, existing) == 1) then
    return {existing, 0}
  end
end
local run_at = now
if run_at_arg ~= '' then run_at = tonumber(run_at_arg) end
local fields = {'id', rid, 'taskId', task, 'runAt', int(run_at), 'pushedAt', int(now)}
if has_payload == '1' then fields[#fields + 1] = 'payload'; fields[#fields + 1] = payload end
if dk ~= '' then fields[#fields + 1] = 'dedupeKey'; fields[#fields + 1] = dk end
if run_at > now then
  redis.call('HSET', DD, rid, cjson.encode(fields))
  redis.call('ZADD', D, run_at, rid)
else
  local sid = redis.call('XADD', S, '*', unpack(fields))
  redis.call('HSET', I, rid, sid)
end
if dk ~= '' then redis.call('HSET', DK, dk, rid) end
redis.call('PUBLISH', channel, 'push')
return {rid, 1}
`;

/**
 * ARGV: group, consumer, max, visibility ms, promote limit. Moves due delayed runs into the stream,
 * re-claims entries whose visibility deadline passed (dead consumers, released runs), then reads new
 * entries. Returns a list of [stream id, fields, attempts].
 */
export const CLAIM_SCRIPT = `${PRELUDE}
ensure_group()
local consumer, max, vt, promote = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local now = now_ms()
local due = redis.call('ZRANGEBYSCORE', D, '-inf', now, 'LIMIT', 0, promote)
for _, rid in ipairs(due) do
  local raw = redis.call('HGET', DD, rid)
  local ok, stored = pcall(cjson.decode, raw or '')
  local fields = {'id', rid}
  if ok and type(stored) == 'table' and #stored % 2 == 0 then
    for i = 1, #stored, 2 do
      if stored[i] ~= 'id' then
        fields[#fields + 1] = tostring(stored[i]); fields[#fields + 1] = tostring(stored[i + 1])
      end
    end
  else
    -- Kept so the claim path can report it as malformed instead of dropping it here.
    fields[#fields + 1] = 'unreadable'; fields[#fields + 1] = tostring(raw)
  end
  local sid = redis.call('XADD', S, '*', unpack(fields))
  redis.call('HSET', I, rid, sid)
  redis.call('ZREM', D, rid)
  redis.call('HDEL', DD, rid)
end
local out = {}
if max <= 0 then return out end
local expired = redis.call('ZRANGEBYSCORE', L, '-inf', now, 'LIMIT', 0, max)
for _, sid in ipairs(expired) do
  local claimed = redis.call('XCLAIM', S, G, consumer, 0, sid)
  local entry = claimed[1]
  if entry and entry[2] then
    redis.call('ZADD', L, now + vt, sid)
    local p = pending_of(sid)
    out[#out + 1] = {sid, entry[2], p and p[4] or 1}
  else
    -- The entry was deleted behind our back: nothing left to deliver, drop its bookkeeping.
    redis.call('ZREM', L, sid)
    redis.call('XACK', S, G, sid)
  end
end
if #out < max then
  local read = redis.call('XREADGROUP', 'GROUP', G, consumer, 'COUNT', max - #out, 'STREAMS', S, '>')
  if read and read[1] then
    for _, entry in ipairs(read[1][2]) do
      redis.call('ZADD', L, now + vt, entry[1])
      -- Entries written by hand with an id field become addressable by that id too.
      local rid = field(entry[2] or {}, 'id')
      if rid and rid ~= '' then redis.call('HSETNX', I, rid, entry[1]) end
      out[#out + 1] = {entry[1], entry[2] or {}, 1}
    end
  end
end
return out
`;

/**
 * ARGV: group, run id, mode ('ack'|'fail'), reason, failed history length, stream id ('' = look it
 * up; given for malformed entries that may not be indexed), released consumer name. Removes a claimed run for
 * good and frees its dedupe key; with 'fail' also records it in the failed list. Returns 1 when the
 * run was claimed, 0 otherwise (unknown, never claimed,
 * released and not re-claimed, already finished).
 */
export const FINISH_SCRIPT = `${PRELUDE}
local rid, mode, reason, history, known_sid = ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5]), ARGV[6]
local sid = known_sid
if sid == '' then sid = sid_of(rid) end
if not sid then return 0 end
local p = pending_of(sid)
if not p or p[2] == ARGV[7] then return 0 end
local entry = redis.call('XRANGE', S, sid, sid)
local fields = (entry[1] and entry[1][2]) or {}
local dk = field(fields, 'dedupeKey')
redis.call('XACK', S, G, sid)
redis.call('XDEL', S, sid)
redis.call('ZREM', L, sid)
if redis.call('HGET', I, rid) == sid then redis.call('HDEL', I, rid) end
if dk and redis.call('HGET', DK, dk) == rid then redis.call('HDEL', DK, dk) end
if mode == 'fail' then
  local record = cjson.encode({id = rid, taskId = field(fields, 'taskId') or '', reason = reason, failedAt = int(now_ms()), attempts = p[4]})
  redis.call('LPUSH', F, record)
  redis.call('LTRIM', F, 0, history - 1)
  redis.call('INCR', FC)
end
return 1
`;

/**
 * ARGV: group, run id, mode ('extend'|'release'), expected consumer ('' = any), expected attempts
 * ('' = any), visibility ms, channel. 'extend' pushes the visibility deadline out; 'release' hands
 * the entry to the released pseudo-consumer with a deadline in the past so the next claim takes it.
 * Returns 1, or 0 when the claim is no longer held as expected.
 */
export const HOLD_SCRIPT = `${PRELUDE}
local rid, mode, consumer, attempts, vt, channel, released = ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6]), ARGV[7], ARGV[8]
local sid = sid_of(rid)
if not sid then return 0 end
local p = pending_of(sid)
if not p then return 0 end
if p[2] == released then return 0 end
if consumer ~= '' and p[2] ~= consumer then return 0 end
if attempts ~= '' and tonumber(p[4]) ~= tonumber(attempts) then return 0 end
if #redis.call('XRANGE', S, sid, sid) == 0 then return 0 end
if mode == 'extend' then
  redis.call('XCLAIM', S, G, p[2], 0, sid, 'JUSTID')
  redis.call('ZADD', L, now_ms() + vt, sid)
else
  -- JUSTID keeps the delivery counter: the next claim's XCLAIM counts as the next attempt.
  redis.call('XCLAIM', S, G, released, 0, sid, 'JUSTID')
  redis.call('ZADD', L, 0, sid)
  redis.call('PUBLISH', channel, 'release')
end
return 1
`;

/**
 * ARGV: group. Returns [pending, delayed, in flight, failed, ms until the next delayed run or
 * visibility deadline (-1 when none)].
 */
export const STATS_SCRIPT = `${PRELUDE}
local now = now_ms()
local length = redis.call('XLEN', S)
local pel = 0
local summary = redis.pcall('XPENDING', S, G)
if type(summary) == 'table' and summary[1] then pel = tonumber(summary[1]) end
local expired = redis.call('ZCOUNT', L, '-inf', now)
local due = redis.call('ZCOUNT', D, '-inf', now)
local delayed = redis.call('ZCARD', D) - due
local in_flight = math.max(0, pel - expired)
local pending = math.max(0, length - pel) + math.min(expired, pel) + due
local failed = tonumber(redis.call('GET', FC) or '0')
local next_at = -1
local first_delayed = redis.call('ZRANGE', D, 0, 0, 'WITHSCORES')
if first_delayed[2] then next_at = tonumber(first_delayed[2]) end
local first_deadline = redis.call('ZRANGE', L, 0, 0, 'WITHSCORES')
if first_deadline[2] and (next_at < 0 or tonumber(first_deadline[2]) < next_at) then next_at = tonumber(first_deadline[2]) end
local next_in = -1
if next_at >= 0 then next_in = math.max(0, next_at - now) end
return {pending, delayed, in_flight, failed, next_in}
`;

/**
 * ARGV: group, consumer names. Removes each named consumer from the group when it holds no pending
 * entry (removing one that does would orphan its entries), so restarts do not pile up consumers.
 * Returns how many were removed.
 */
export const FORGET_CONSUMERS_SCRIPT = `${PRELUDE}
local removed = 0
for i = 2, #ARGV do
  local ok, pending = pcall(redis.call, 'XPENDING', S, G, '-', '+', 1, ARGV[i])
  if ok and #pending == 0 then
    redis.call('XGROUP', 'DELCONSUMER', S, G, ARGV[i])
    removed = removed + 1
  end
end
return removed
`;
