#include "bot/app/platform_wiring.hpp"

namespace ambassador::app {

// Filled in by the Telegram integration: POST /telegram/webhook and the Bot API sender.
void wire_telegram(PlatformWiring&) {}

}  // namespace ambassador::app
