#pragma once
// The Teams webhook: POST /teams/messages, where the Bot Framework delivers one activity per request, authenticated
// by its Bearer token (BotFrameworkTokenValidator) and parsed by TeamsActivityParser.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/teams/activity_parser.hpp"
#include "adapters/teams/service_url_book.hpp"
#include "adapters/teams/token_validator.hpp"
#include "adapters/webhook_adapter.hpp"

namespace ambassador::adapters::teams {

inline constexpr std::string_view kMessagesPath = "/teams/messages";

class TeamsWebhookAdapter final : public WebhookAdapter {
 public:
  // `keys` (the BotFrameworkKeyCache in production) and `book` must outlive the adapter. `app_id` and `issuer` as
  // BotFrameworkTokenValidator takes them; `execute_reply_text` as TeamsActivityParser does.
  TeamsWebhookAdapter(const SigningKeys& keys, std::string app_id, std::string issuer, ServiceUrlBook& book,
                      std::string execute_reply_text = "✓");

  std::string_view platform() const override { return "teams"; }
  std::vector<std::string> paths() const override { return {std::string(kMessagesPath)}; }
  // Reads the activity's serviceUrl and channelId, then checks the token against them. A verified activity's
  // serviceUrl is remembered in the book.
  VerifyResult verify(const http::Request& request, std::chrono::system_clock::time_point now) const override;
  ParseResult parse(const http::Request& request) const override;
  // As verify then parse, reading the body once.
  Ingest verify_and_parse(const http::Request& request, std::chrono::system_clock::time_point now) const override;

 private:
  VerifyResult verify(const http::Request& request, const std::optional<JsonTree>& activity,
                      std::chrono::system_clock::time_point now) const;

  BotFrameworkTokenValidator validator_;
  TeamsActivityParser parser_;
  ServiceUrlBook& book_;
};

}  // namespace ambassador::adapters::teams
