#pragma once
// POST /slack/commands (slash commands, application/x-www-form-urlencoded) → one `command` event.
// https://api.slack.com/interactivity/slash-commands
#include <string_view>

#include "adapters/webhook_adapter.hpp"

namespace ambassador::adapters::slack {

// `text` is what the user typed after the slash command ("/ambassador join" → "join"): whichever name the
// command was registered under, its arguments are the bot command. The immediate reply is an empty 200;
// the real answer goes to `reply_token` (the response_url). ssl_check=1 → ignored. Never throws.
ParseResult parse_command_body(std::string_view body);

}  // namespace ambassador::adapters::slack
