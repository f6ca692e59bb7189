#include "adapters/telegram/telegram_webhook_adapter.hpp"

namespace ambassador::adapters::telegram {
namespace {

// "application/json" or "application/json; charset=utf-8", in any letter case.
bool is_json_content_type(std::string_view value) {
  value = value.substr(0, value.find(';'));
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  constexpr std::string_view kJson = "application/json";
  if (value.size() != kJson.size()) return false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i] >= 'A' && value[i] <= 'Z' ? static_cast<char>(value[i] - 'A' + 'a') : value[i];
    if (c != kJson[i]) return false;
  }
  return true;
}

}  // namespace

TelegramWebhookAdapter::TelegramWebhookAdapter(std::string webhook_secret, std::string bot_username)
    : verifier_(std::move(webhook_secret)), parser_(std::move(bot_username)) {}

std::string_view TelegramWebhookAdapter::platform() const { return "telegram"; }

std::vector<std::string> TelegramWebhookAdapter::paths() const { return {std::string(kWebhookPath)}; }

VerifyResult TelegramWebhookAdapter::verify(const http::Request& request,
                                            std::chrono::system_clock::time_point now) const {
  return verifier_.verify(request, now);
}

ParseResult TelegramWebhookAdapter::parse(const http::Request& request) const {
  if (!is_json_content_type(request.header("Content-Type")))
    return ParseResult::failure("content type must be application/json");
  auto result = parser_.parse(request.body);
  // The body passed the secret check, so it came from Telegram, and Telegram repeats an update until it gets a
  // 2xx: one it cannot redeliver any better would only hold up the updates queued behind it. Logged, then let go.
  if (!result.error.empty()) result.reply = http::Response::json(200, R"({"ok":true})");
  return result;
}

}  // namespace ambassador::adapters::telegram
