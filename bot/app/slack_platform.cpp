#include "bot/app/platform_wiring.hpp"

namespace ambassador::app {

// Filled in by the Slack integration: webhook routes (/slack/events, /slack/commands,
// /slack/interactivity) and the Web API sender.
void wire_slack(PlatformWiring&) {}

}  // namespace ambassador::app
