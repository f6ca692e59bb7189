#pragma once
// The three URLs Slack posts to; each names its workspace in its own place (workspace_claim.hpp).
#include <string_view>

namespace ambassador::adapters::slack {

inline constexpr std::string_view kEventsPath = "/slack/events";
inline constexpr std::string_view kCommandsPath = "/slack/commands";
inline constexpr std::string_view kInteractivityPath = "/slack/interactivity";

}  // namespace ambassador::adapters::slack
