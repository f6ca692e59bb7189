#pragma once
// Telegram's start-up pieces, shared by wire_telegram (platform_wiring.hpp) and the `telegram` CLI commands.
#include <string>

#include "config/config.hpp"

namespace ambassador::app {

// Resolve a secret reference of [platforms.telegram]. Both throw std::runtime_error naming the reference (never
// the value) when it is not set, unset in the environment or unreadable, and when the value cannot be right: a
// bot token with characters BotFather tokens never have, a webhook secret setWebhook would refuse (1-256 of
// A-Z a-z 0-9 _ -).
std::string resolve_telegram_bot_token(const config::TelegramConfig& telegram);
std::string resolve_telegram_webhook_secret(const config::TelegramConfig& telegram);

}  // namespace ambassador::app
