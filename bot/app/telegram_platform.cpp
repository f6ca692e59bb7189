#include <algorithm>
#include <memory>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "adapters/telegram/rate_policy.hpp"
#include "adapters/telegram/secret_token_verifier.hpp"
#include "adapters/telegram/telegram_sender.hpp"
#include "adapters/telegram/telegram_webhook_adapter.hpp"
#include "bot/app/platform_wiring.hpp"
#include "bot/app/telegram_platform.hpp"

namespace ambassador::app {
namespace {

namespace telegram = adapters::telegram;

// The token goes into every request path ("/bot<token>/sendMessage"): anything but the characters BotFather
// uses ("123456789:AA...") would change the URL instead of naming the bot.
bool is_plausible_bot_token(std::string_view token) {
  if (token.empty() || token.size() > 256) return false;
  return std::all_of(token.begin(), token.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ':' || c == '_' ||
           c == '-';
  });
}

}  // namespace

std::string resolve_telegram_bot_token(const config::TelegramConfig& telegram) {
  if (telegram.bot_token.empty()) throw std::runtime_error("platforms.telegram.bot_token is not set");
  std::string token = telegram.bot_token.resolve();
  if (!is_plausible_bot_token(token)) {
    throw std::runtime_error("platforms.telegram.bot_token (" + telegram.bot_token.reference() +
                             ") does not look like a bot token from BotFather (digits, ':', letters, '_', '-')");
  }
  return token;
}

std::string resolve_telegram_webhook_secret(const config::TelegramConfig& telegram) {
  if (telegram.webhook_secret.empty()) throw std::runtime_error("platforms.telegram.webhook_secret is not set");
  std::string secret = telegram.webhook_secret.resolve();
  if (!telegram::TelegramSecretTokenVerifier::is_valid_secret(secret)) {
    throw std::runtime_error("platforms.telegram.webhook_secret (" + telegram.webhook_secret.reference() +
                             ") is not a valid Telegram secret token: 1-256 characters of A-Z, a-z, 0-9, '_' and '-'");
  }
  return secret;
}

void wire_telegram(PlatformWiring& wiring) {
  const auto& telegram_config = wiring.config.platforms.telegram;
  auto adapter = std::make_shared<telegram::TelegramWebhookAdapter>(resolve_telegram_webhook_secret(telegram_config),
                                                                    telegram_config.bot_username);
  auto sender = std::make_shared<telegram::TelegramSender>(wiring.http_client, telegram_config.api_base_url,
                                                           resolve_telegram_bot_token(telegram_config));
  add_webhook_routes(wiring.router, *adapter, wiring.store, wiring.clock, wiring.ingest, wiring.inbox);
  wiring.outbox.add_platform(*sender, telegram::rate_policy(wiring.config.delivery.global_rate_per_second,
                                                            wiring.config.delivery.channel_rate_per_second));
  wiring.keep_alive.push_back(adapter);
  wiring.keep_alive.push_back(sender);
  if (telegram_config.bot_username.empty())
    spdlog::warn("telegram: bot_username is not set; in groups, commands addressed to other bots are taken as ours");
  spdlog::info("telegram: webhook at {}, Bot API {}", telegram::kWebhookPath, telegram_config.api_base_url);
}

}  // namespace ambassador::app
