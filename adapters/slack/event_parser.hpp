#pragma once
// POST /slack/events (Events API, application/json) → neutral events.
// Envelope: https://api.slack.com/apis/events-api#callback-field
#include <string_view>

#include "adapters/webhook_adapter.hpp"

namespace ambassador::adapters::slack {

// url_verification → `reply` with {"challenge": ...}; event_callback → at most one event (event_key = event_id,
// so Slack's retries deduplicate); messages by any bot, edits, joins and unknown types → `ignored`.
// Malformed JSON or an envelope without event_id / team_id / event → failure. Never throws.
ParseResult parse_events_body(std::string_view body);

}  // namespace ambassador::adapters::slack
