#include "adapters/telegram/response_classifier.hpp"
#include "bot/json_limits.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace ambassador::adapters::telegram {
namespace {

using nlohmann::json;

constexpr std::chrono::seconds kDefaultRetryAfter{1};
// A 429 pauses every chat of the bot (the outbox pauses the whole platform), yet Telegram's retry_after may be
// about one flooded chat, and values of hours are reported after large broadcasts. A minute at most bounds how
// long one chat can stall all others; asking again early costs one request, answered with a fresh retry_after.
// (It also keeps a huge value from overflowing on its way to milliseconds.)
constexpr std::chrono::seconds kMaxRetryAfter{60};

std::chrono::seconds capped(std::int64_t seconds) { return std::min(std::chrono::seconds(seconds), kMaxRetryAfter); }

SendResult make(SendOutcome outcome, std::string error) {
  SendResult result;
  result.outcome = outcome;
  result.error = std::move(error);
  return result;
}

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

const json* member(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::string text_of(const json* value) {
  return value && value->is_string() ? value->get<std::string>() : std::string{};
}

// Telegram ids are integers; chat ids of supergroups do not fit in 32 bits.
std::string id_text(const json* value) {
  if (!value) return {};
  if (value->is_number_integer()) return std::to_string(value->get<std::int64_t>());
  if (value->is_string()) return value->get<std::string>();
  return {};
}

std::chrono::milliseconds seconds_from_header(std::string_view header) {
  long long seconds = 0;
  const auto [end, error] = std::from_chars(header.data(), header.data() + header.size(), seconds);
  if (error != std::errc{} || end != header.data() + header.size() || seconds <= 0) return kDefaultRetryAfter;
  return capped(seconds);
}

SendResult classify_non_api_body(const http::ClientResponse& response) {
  const std::string error = "telegram http " + std::to_string(response.status) + ": unexpected body";
  if (response.status >= 500) return make(SendOutcome::retry, error);
  if (response.status == 429) {
    SendResult result = make(SendOutcome::rate_limited, error);
    result.retry_after = seconds_from_header(response.header("Retry-After"));
    return result;
  }
  return make(SendOutcome::permanent, error);
}

}  // namespace

SendResult classify_response(const http::ClientResponse& response) {
  if (response.status == 0) {
    auto result = make(SendOutcome::retry, "telegram transport: " + response.error);
    result.maybe_delivered = response.maybe_delivered;
    result.unreachable = !response.maybe_delivered;
    return result;
  }

  const json body = parse_untrusted_json(response.body);
  const json* ok = member(body, "ok");
  if (!ok || !ok->is_boolean()) return classify_non_api_body(response);

  if (ok->get<bool>()) {
    // sendMessage/editMessageText return the Message; other methods return true.
    const json* result = member(body, "result");
    return SendResult::ok(result ? id_text(member(*result, "message_id")) : std::string{});
  }

  const json* code_field = member(body, "error_code");
  const int code = code_field && code_field->is_number_integer() ? code_field->get<int>() : response.status;
  const std::string description = text_of(member(body, "description"));
  const std::string error = "telegram " + std::to_string(code) + ": " + description;
  const json* parameters = member(body, "parameters");

  if (const std::string new_chat = parameters ? id_text(member(*parameters, "migrate_to_chat_id")) : std::string{};
      !new_chat.empty()) {
    SendResult result = make(SendOutcome::retry, error + " (now " + new_chat + ")");
    result.moved_to = new_chat;
    return result;
  }
  if (code == 429 || response.status == 429) {
    SendResult result = make(SendOutcome::rate_limited, error);
    const json* retry_after = parameters ? member(*parameters, "retry_after") : nullptr;
    result.retry_after = retry_after && retry_after->is_number_integer() && retry_after->get<std::int64_t>() > 0
                             ? capped(retry_after->get<std::int64_t>())
                             : seconds_from_header(response.header("Retry-After"));
    return result;
  }
  if (code >= 500 || response.status >= 500) return make(SendOutcome::retry, error);

  const std::string lower = lowercase(description);
  if (code == 403) {
    SendResult result = make(SendOutcome::permanent, error);
    result.deactivate_destination = true;
    return result;
  }
  if (code == 400) {
    if (lower.find("message is not modified") != std::string::npos) return SendResult::ok();
    SendResult result = make(SendOutcome::permanent, error);
    result.deactivate_destination =
        lower.find("chat not found") != std::string::npos || lower.find("not enough rights") != std::string::npos;
    return result;
  }
  return make(SendOutcome::permanent, error);
}

}  // namespace ambassador::adapters::telegram
