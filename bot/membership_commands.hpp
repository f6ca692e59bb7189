#pragma once
// help, join, themes, stop, start, whoami, and the bot's reactions to channel membership changes.
#include "bot/event_dispatcher.hpp"

namespace ambassador {

void register_membership_commands(EventDispatcher& dispatcher);

}  // namespace ambassador
