#pragma once
// `digest off` / `digest on` (Dutch `overzicht uit` / `overzicht aan`): whether an ambassador gets the weekly digest.
#include "bot/event_dispatcher.hpp"

namespace ambassador::rhythm {

void register_digest_commands(EventDispatcher& dispatcher);

}  // namespace ambassador::rhythm
