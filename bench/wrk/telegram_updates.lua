-- wrk script: Telegram updates into POST /telegram/webhook with the secret-token header and a unique
-- update_id per request.
--   TELEGRAM_WEBHOOK_SECRET  the secret the service was configured with (required)
--   CHAT = group (default)   colleagues' chatter in a supergroup: stored, answered by nobody
--   CHAT = private           a person's private chat with the bot saying "help": every update is answered
local secret = os.getenv("TELEGRAM_WEBHOOK_SECRET") or error("TELEGRAM_WEBHOOK_SECRET is not set")
local private = (os.getenv("CHAT") or "group") == "private"

-- Keys must be unique across runs against the same database too, or a rerun's requests are duplicates.
local thread_count = 0
local run = os.time() % 1000000
function setup(thread)
  thread:set("thread_id", thread_count)
  thread:set("run", run)
  thread_count = thread_count + 1
end

local sequence = 0
local headers = {["Content-Type"] = "application/json", ["X-Telegram-Bot-Api-Secret-Token"] = secret}
function request()
  sequence = sequence + 1
  -- update_id is the dedupe key: runs and threads take disjoint ranges (below 2^53, exact in a Lua number).
  local update_id = (run or 0) * 100000000 + (thread_id or 0) * 10000000 + sequence
  local person = 1000 + sequence % 500
  local chat, text
  if private then
    chat = string.format('{"id":%d,"first_name":"Collega","type":"private"}', person)
    text = "/help"
  else
    chat = '{"id":-1000000000001,"title":"Bench","type":"supergroup"}'
    text = "koffie om tien uur? bericht " .. sequence
  end
  local body = string.format(
    '{"update_id":%d,"message":{"message_id":%d,"from":{"id":%d,"is_bot":false,"first_name":"Collega"},' ..
    '"chat":%s,"date":%d,"text":"%s"}}', update_id, sequence, person, chat, os.time(), text)
  return wrk.format("POST", "/telegram/webhook", headers, body)
end
