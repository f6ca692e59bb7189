-- wrk script: Slack Events API `message` events into POST /slack/events, each with a unique event_id and
-- signed as Slack signs them (X-Slack-Request-Timestamp = now, X-Slack-Signature = v0= HMAC-SHA256 over
-- "v0:<ts>:<body>" with the signing secret), so the service verifies every request as in production.
--   SLACK_SIGNING_SECRET  the secret the service was configured with (required)
--   MENTION_EVERY         every n-th request is an app_mention the bot answers (0 = plain chatter only)
-- HMAC comes from the system's libcrypto through LuaJIT's FFI: no crypto written here.
local ffi = require("ffi")
ffi.cdef [[
typedef struct evp_md_st EVP_MD;
const EVP_MD *EVP_sha256(void);
unsigned char *HMAC(const EVP_MD *evp_md, const void *key, int key_len, const unsigned char *d, size_t n,
                    unsigned char *md, unsigned int *md_len);
]]
local crypto = ffi.load("crypto.so.3")

local secret = os.getenv("SLACK_SIGNING_SECRET") or error("SLACK_SIGNING_SECRET is not set")
local mention_every = tonumber(os.getenv("MENTION_EVERY") or "0")
local digest = ffi.new("unsigned char[32]")
local digest_len = ffi.new("unsigned int[1]")

local function hmac_hex(data)
  crypto.HMAC(crypto.EVP_sha256(), secret, #secret, data, #data, digest, digest_len)
  local hex = {}
  for i = 0, 31 do hex[i + 1] = string.format("%02x", digest[i]) end
  return table.concat(hex)
end

-- Keys must be unique across runs against the same database too, or a rerun's requests are duplicates.
local thread_count = 0
local run = os.time() % 1000000
function setup(thread)
  thread:set("thread_id", thread_count)
  thread:set("run", run)
  thread_count = thread_count + 1
end

local sequence = 0
function request()
  sequence = sequence + 1
  local id = string.format("Ev%dx%dx%d", run or 0, thread_id or 0, sequence)
  local ts = tostring(os.time())
  local user = "U" .. (sequence % 500)
  local event
  if mention_every > 0 and sequence % mention_every == 0 then
    event = string.format(
      '{"type":"app_mention","user":"%s","text":"<@UBOT> help","channel":"C1","ts":"%s.%06d","event_ts":"%s.%06d"}',
      user, ts, sequence % 1000000, ts, sequence % 1000000)
  else
    event = string.format(
      '{"type":"message","user":"%s","text":"koffie om tien uur? bericht %d","channel":"C1","channel_type":"channel","ts":"%s.%06d","event_ts":"%s.%06d"}',
      user, sequence, ts, sequence % 1000000, ts, sequence % 1000000)
  end
  local body = string.format(
    '{"token":"x","team_id":"T1","api_app_id":"A1","type":"event_callback","event_id":"%s","event_time":%s,' ..
    '"authorizations":[{"team_id":"T1","user_id":"UBOT","is_bot":true}],"event":%s}', id, ts, event)
  local headers = {
    ["Content-Type"] = "application/json",
    ["X-Slack-Request-Timestamp"] = ts,
    ["X-Slack-Signature"] = "v0=" .. hmac_hex("v0:" .. ts .. ":" .. body),
  }
  return wrk.format("POST", "/slack/events", headers, body)
end
