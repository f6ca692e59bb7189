#pragma once
// The ambassador's side of content: the post buttons (my share links, I shared it, not for me), `idea`
// for the editors' queue, and `stats` for one's own shares and clicks.
#include <string>

#include "bot/event_dispatcher.hpp"

namespace ambassador::content {

// `idea <text>` (and `signal idea <text>`): the idea joins the editors' queue.
void submit_idea(const Command& command, Conversation& c);

void register_content_commands(EventDispatcher& dispatcher, std::string public_base_url);

}  // namespace ambassador::content
