#pragma once
// The Telegram webhook: POST /telegram/webhook, authenticated by the secret token, one Update per request.
#include <chrono>
#include <string>
#include <vector>

#include "adapters/telegram/secret_token_verifier.hpp"
#include "adapters/telegram/update_parser.hpp"
#include "adapters/webhook_adapter.hpp"

namespace ambassador::adapters::telegram {

inline constexpr std::string_view kWebhookPath = "/telegram/webhook";

class TelegramWebhookAdapter : public adapters::WebhookAdapter {
 public:
  TelegramWebhookAdapter(std::string webhook_secret, std::string bot_username);

  std::string_view platform() const override;
  std::vector<std::string> paths() const override;
  VerifyResult verify(const http::Request& request, std::chrono::system_clock::time_point now) const override;
  // 400 unless the body is application/json (Telegram always sends that), then TelegramUpdateParser::parse. An
  // update it cannot use (malformed JSON, no update_id) is an error, answered 200 all the same: see the .cpp.
  ParseResult parse(const http::Request& request) const override;

 private:
  TelegramSecretTokenVerifier verifier_;
  TelegramUpdateParser parser_;
};

}  // namespace ambassador::adapters::telegram
