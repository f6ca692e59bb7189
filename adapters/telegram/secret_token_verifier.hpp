#pragma once
// Authenticates Telegram webhook calls: Telegram echoes the `secret_token` given to setWebhook in the
// X-Telegram-Bot-Api-Secret-Token header of every update.
#include <chrono>
#include <string>
#include <string_view>

#include "adapters/webhook_adapter.hpp"
#include "bot/http/http_types.hpp"

namespace ambassador::adapters::telegram {

inline constexpr std::string_view kSecretTokenHeader = "X-Telegram-Bot-Api-Secret-Token";

class TelegramSecretTokenVerifier {
 public:
  explicit TelegramSecretTokenVerifier(std::string secret);

  // 401 "missing secret token" / "bad secret token"; also 401 when no valid secret is configured (fail closed).
  // The clock is unused: Telegram sends no timestamp to check.
  VerifyResult verify(const http::Request& request, std::chrono::system_clock::time_point now) const;

  // What setWebhook accepts: 1–256 characters of A-Z, a-z, 0-9, '_' and '-'.
  static bool is_valid_secret(std::string_view secret);

 private:
  std::string secret_;
};

}  // namespace ambassador::adapters::telegram
