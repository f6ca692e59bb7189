#include "adapters/teams/response_classifier.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "bot/json_limits.hpp"

namespace ambassador::adapters::teams {
namespace {

using nlohmann::json;

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

std::optional<int> number(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT", RFC 9110 §5.6.7), the form servers send; nullopt otherwise.
std::optional<std::chrono::system_clock::time_point> http_date(std::string_view text) {
  static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (text.size() != 29 || text.substr(3, 2) != ", " || text.substr(25) != " GMT") return std::nullopt;
  const auto month = std::find(kMonths.begin(), kMonths.end(), text.substr(8, 3));
  const auto day = number(text.substr(5, 2));
  const auto year = number(text.substr(12, 4));
  const auto hour = number(text.substr(17, 2));
  const auto minute = number(text.substr(20, 2));
  const auto second = number(text.substr(23, 2));
  if (month == kMonths.end() || !day || !year || !hour || !minute || !second || text[16] != ' ' || text[19] != ':' ||
      text[22] != ':')
    return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(*year),
                                         std::chrono::month(static_cast<unsigned>(month - kMonths.begin() + 1)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  return std::chrono::sys_days(date) + std::chrono::hours(*hour) + std::chrono::minutes(*minute) +
         std::chrono::seconds(*second);
}

std::chrono::milliseconds retry_after(const http::ClientResponse& response, std::chrono::system_clock::time_point now) {
  const std::string_view text = trimmed(response.header("Retry-After"));
  std::chrono::milliseconds wait = kDefaultRetryAfter;
  std::int64_t seconds = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (!text.empty() && error == std::errc{} && end == text.data() + text.size()) {
    if (seconds > 0) wait = std::chrono::seconds(std::min<std::int64_t>(seconds, kMaxRetryAfter.count()));
  } else if (const auto at = http_date(text)) {
    // A date already past (clocks differ) asks for no wait; the minimum keeps the retry from being immediate.
    wait = std::max<std::chrono::milliseconds>(std::chrono::duration_cast<std::chrono::milliseconds>(*at - now),
                                               std::chrono::seconds(1));
  }
  return std::min<std::chrono::milliseconds>(wait, kMaxRetryAfter);
}

std::string text_member(const json& object, const char* key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// "teams 403 BotNotInConversationRoster: The bot is not part of the conversation roster."
std::string error_text(const http::ClientResponse& response, const json& body) {
  std::string text = "teams " + std::to_string(response.status);
  const json& error = body.is_object() && body.contains("error") ? body["error"] : json();
  if (const auto code = text_member(error, "code"); !code.empty()) text += " " + code;
  if (const auto message = text_member(error, "message"); !message.empty()) text += ": " + message.substr(0, 300);
  return text;
}

SendResult make(SendOutcome outcome, std::string error) {
  SendResult result;
  result.outcome = outcome;
  result.error = std::move(error);
  return result;
}

}  // namespace

SendResult classify_response(const http::ClientResponse& response, std::chrono::system_clock::time_point now) {
  const int status = response.status;
  if (status == 0) {
    auto result =
        make(SendOutcome::retry, "teams transport: " + (response.error.empty() ? "no answer" : response.error));
    result.maybe_delivered = response.maybe_delivered;
    result.unreachable = !response.maybe_delivered;
    return result;
  }
  const json body = parse_untrusted_json(response.body);
  if (status >= 200 && status < 300) return SendResult::ok(text_member(body, "id"));
  std::string error = error_text(response, body);
  if (status == 429) {
    SendResult result = make(SendOutcome::rate_limited, std::move(error));
    result.retry_after = retry_after(response, now);
    return result;
  }
  if (status == 401) return make(SendOutcome::retry, error + " (token refused: a new one is fetched)");
  if (status == 403 || status == 404) {
    SendResult result = make(SendOutcome::permanent, error + " (the bot cannot reach this conversation)");
    result.deactivate_destination = true;
    return result;
  }
  if (status == 408 || status == 412 || status >= 500) return make(SendOutcome::retry, std::move(error));
  return make(SendOutcome::permanent, std::move(error));
}

}  // namespace ambassador::adapters::teams
