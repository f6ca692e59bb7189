-- wrk script: Bot Framework activities into POST /teams/messages, each with a unique activity id, carrying the
-- Bearer token the Bot Framework would send (minted for the run by bench/fake_bot_framework, whose keys the
-- service fetched at start), so every request goes through the full JWT validation.
--   TEAMS_TOKEN        the Bearer token (required); its serviceUrl claim must equal SERVICE_URL
--   SERVICE_URL        the activities' serviceUrl (required)
--   MENTION_EVERY      every n-th message @mentions the bot with "help" and is answered (0 = chatter only)
local token = os.getenv("TEAMS_TOKEN") or error("TEAMS_TOKEN is not set")
local service_url = os.getenv("SERVICE_URL") or error("SERVICE_URL is not set")
local mention_every = tonumber(os.getenv("MENTION_EVERY") or "0")

-- Keys must be unique across runs against the same database too, or a rerun's requests are duplicates.
local thread_count = 0
local run = os.time() % 1000000
function setup(thread)
  thread:set("thread_id", thread_count)
  thread:set("run", run)
  thread_count = thread_count + 1
end

local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}
local sequence = 0
function request()
  sequence = sequence + 1
  local id = string.format("%d%02d%09d", run or 0, thread_id or 0, sequence)
  local mention = mention_every > 0 and sequence % mention_every == 0
  local text, entities
  if mention then
    text = "<at>Ambassador Bot</at> help"
    entities = '[{"type":"mention","text":"<at>Ambassador Bot</at>","mentioned":{"id":"28:bench-bot","name":"Ambassador Bot"}}]'
  else
    text = "koffie om tien uur? bericht " .. sequence
    entities = "[]"
  end
  local body = string.format(
    '{"type":"message","id":"%s","timestamp":"2026-12-07T09:00:00.000Z","channelId":"msteams","serviceUrl":"%s",' ..
    '"from":{"id":"29:user-%d","name":"Collega","aadObjectId":"00000000-0000-0000-0000-%012d"},' ..
    '"conversation":{"id":"19:bench@thread.tacv2;messageid=%s","conversationType":"channel","tenantId":"bench-tenant","isGroup":true},' ..
    '"recipient":{"id":"28:bench-bot","name":"Ambassador Bot"},"text":"%s","textFormat":"plain","entities":%s,' ..
    '"channelData":{"teamsChannelId":"19:bench@thread.tacv2","teamsTeamId":"19:bench@thread.tacv2",' ..
    '"channel":{"id":"19:bench@thread.tacv2"},"team":{"id":"19:bench@thread.tacv2"},"tenant":{"id":"bench-tenant"}}}',
    id, service_url, sequence % 500, sequence % 500, id, text, entities)
  return wrk.format("POST", "/teams/messages", headers, body)
end
