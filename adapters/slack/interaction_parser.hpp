#pragma once
// POST /slack/interactivity (form body with one field `payload` holding JSON) → `button` events.
// https://api.slack.com/reference/interaction-payloads/block-actions-payload
#include <string_view>

#include "adapters/webhook_adapter.hpp"

namespace ambassador::adapters::slack {

// block_actions → one `button` event per action (a link button has an empty action_value); other payload types
// (view_submission, shortcut, ...) → ignored. Bad form, missing payload or bad JSON → failure. Never throws.
ParseResult parse_interaction_body(std::string_view body);

}  // namespace ambassador::adapters::slack
