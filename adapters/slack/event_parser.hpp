#pragma once
// POST /slack/events (Events API, application/json) → neutral events.
// Envelope: https://api.slack.com/apis/events-api#callback-field
#include <string_view>

#include "adapters/webhook_adapter.hpp"

namespace ambassador::adapters::slack {

// url_verification → `reply` with {"challenge": ...}; event_callback → at most one event (event_key = event_id,
// so Slack's retries deduplicate): our bot joining a channel → bot_added (user_id = the inviter), our bot leaving
// or being removed (channel_left, group_left) → bot_removed (user_id = actor_id); messages by any bot, edits,
// other people leaving and unknown types → `ignored`.
// Malformed JSON or an envelope without event_id / team_id / event → failure. Never throws.
ParseResult parse_events_body(std::string_view body);

}  // namespace ambassador::adapters::slack
