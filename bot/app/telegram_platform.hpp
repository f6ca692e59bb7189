#pragma once
// Telegram's start-up pieces, shared by wire_telegram (platform_wiring.hpp) and the `telegram` CLI commands.
#include <string>

#include "bot/rate_limiter.hpp"
#include "config/config.hpp"

namespace ambassador::app {

// Resolve a secret reference of [platforms.telegram]. Both throw std::runtime_error naming the reference (never
// the value) when it is not set, unset in the environment or unreadable, and when the value cannot be right: a
// bot token with characters BotFather tokens never have, a webhook secret setWebhook would refuse (1-256 of
// A-Z a-z 0-9 _ -).
std::string resolve_telegram_bot_token(const config::TelegramConfig& telegram);
std::string resolve_telegram_webhook_secret(const config::TelegramConfig& telegram);

// Telegram's send limits, a little under the published values: global min(delivery.global_rate_per_second, 29)/s,
// per chat min(delivery.channel_rate_per_second, 1)/s and 20/min, all without bursts.
RatePolicy telegram_rate_policy(const config::DeliveryConfig& delivery);

}  // namespace ambassador::app
