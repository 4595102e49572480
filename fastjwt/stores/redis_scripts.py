"""The Lua scripts of `RedisStore`: the steps that must be atomic, each one round trip.

A script reads and writes only the keys it is given, all in one hash slot on a cluster
(the store's keys of one subject share a hash tag), so it runs on a cluster as on one server.
"""

__all__ = ["CONSUME", "CUT_OFF", "REVOKE"]

# Writes one token's entry; for an exchanged refresh token, also its family (kept forever):
# a logout and a rotation of one refresh token, in either order, leave no usable token.
REVOKE = """
if ARGV[1] == '' then redis.call('SET', KEYS[1], '1') else
  redis.call('SET', KEYS[1], '1', 'EXAT', ARGV[1]) end
if KEYS[2] and redis.call('EXISTS', KEYS[2]) == 1 then redis.call('SET', KEYS[3], '1') end
return 1
"""
# Retires a refresh token unless it is revoked: the revocation check and the "used" marker
# in one step, so that a logout cannot slip between them.
CONSUME = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 'token' end
local cutoff = redis.call('GET', KEYS[2])
if cutoff then
  local moment = tonumber(cutoff)
  if not moment then return redis.error_reply('not a number under a subject key') end
  if tonumber(ARGV[1]) < moment then return 'subject' end
end
if redis.call('EXISTS', KEYS[3]) == 1 then return 'family' end
local done
if ARGV[2] == '' then done = redis.call('SET', KEYS[4], '1', 'NX') else
  done = redis.call('SET', KEYS[4], '1', 'NX', 'EXAT', ARGV[2]) end
if done then return 'ok' end
return 'reused'
"""
# Moves a subject's cut-off forward only: of two servers revoking at once, the later moment wins.
CUT_OFF = """
local old = tonumber(redis.call('GET', KEYS[1]) or '')
if old and old >= tonumber(ARGV[1]) then return 0 end
if ARGV[2] == '' then redis.call('SET', KEYS[1], ARGV[1]) else
  redis.call('SET', KEYS[1], ARGV[1], 'EXAT', ARGV[2]) end
return 1
"""
