#include "adapters/slack/response_classifier.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

#include "adapters/slack/json_fields.hpp"
#include "bot/json_limits.hpp"

namespace ambassador::adapters::slack {
namespace {

using nlohmann::json;

constexpr std::chrono::seconds kDefaultRetryAfter{1};
constexpr std::chrono::seconds kMaxRetryAfter{24 * 3600};  // keeps a silly header from overflowing

// The bot is no longer (or never was) able to post there: retrying cannot help, and neither can later messages.
constexpr std::string_view kDestinationGone[] = {"channel_not_found", "not_in_channel", "is_archived"};
// Slack's own transient failures. (fatal_error may have half-succeeded; Slack still documents it as retryable.)
constexpr std::string_view kTransient[] = {"internal_error", "fatal_error", "service_unavailable", "request_timeout"};
// The method reference spells it "ratelimited"; older pages say "rate_limited".
constexpr std::string_view kRateLimited[] = {"ratelimited", "rate_limited"};
// Every other code is permanent, e.g. invalid_auth, not_authed, account_inactive, token_revoked,
// missing_scope, msg_too_long, invalid_blocks, no_text, user_not_found, cannot_dm_bot, and codes we do not
// know: reported once rather than retried until give-up.

template <std::size_t N>
bool is_one_of(std::string_view code, const std::string_view (&codes)[N]) {
  return std::find(std::begin(codes), std::end(codes), code) != std::end(codes);
}

std::chrono::milliseconds retry_after(const http::ClientResponse& response) {
  std::string_view text = response.header("Retry-After");
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  std::int64_t seconds = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  // Also the HTTP-date form, which Slack does not use: a short wait beats a wrong long one.
  if (text.empty() || error != std::errc{} || end != text.data() + text.size() || seconds <= 0)
    return kDefaultRetryAfter;
  return std::min(std::chrono::seconds(seconds), kMaxRetryAfter);
}

SendResult outcome(SendOutcome kind, std::string error) {
  SendResult result;
  result.outcome = kind;
  result.error = std::move(error);
  return result;
}

SendResult rate_limited(const http::ClientResponse& response, std::string error) {
  SendResult result = outcome(SendOutcome::rate_limited, std::move(error));
  result.retry_after = retry_after(response);
  return result;
}

std::string http_error(int status) { return "http " + std::to_string(status); }

SendResult classify_error_code(const http::ClientResponse& response, std::string code) {
  if (is_one_of(code, kRateLimited)) return rate_limited(response, std::move(code));
  if (is_one_of(code, kTransient)) return outcome(SendOutcome::retry, std::move(code));
  SendResult result = outcome(SendOutcome::permanent, std::move(code));
  result.deactivate_destination = is_one_of(result.error, kDestinationGone);
  return result;
}

}  // namespace

SendResult classify_response(const http::ClientResponse& response) {
  if (response.status == 0) {
    auto result =
        outcome(SendOutcome::retry, response.error.empty() ? std::string("no HTTP response") : response.error);
    result.maybe_delivered = response.maybe_delivered;
    result.unreachable = !response.maybe_delivered;
    return result;
  }
  if (response.status == 429) return rate_limited(response, http_error(429));
  if (response.status >= 500 || response.status == 408) return outcome(SendOutcome::retry, http_error(response.status));

  const json body = parse_untrusted_json(response.body);
  if (response.status < 200 || response.status >= 300) {
    std::string code = json_string(body, "error");
    return outcome(SendOutcome::permanent, code.empty() ? http_error(response.status) : std::move(code));
  }
  if (!body.is_object()) {
    // A response_url answers success with a bare "ok".
    std::string_view text = response.body;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
    if (text == "ok") return SendResult::ok();
    return outcome(SendOutcome::retry, "unreadable response");
  }
  const auto* ok = json_field(body, "ok");
  if (!ok || !ok->is_boolean()) return outcome(SendOutcome::retry, "response without \"ok\"");
  if (ok->get<bool>()) {
    std::string id = json_string(body, "ts");
    if (id.empty()) id = json_string(json_object(body, "channel"), "id");
    return SendResult::ok(std::move(id));
  }
  std::string code = json_string(body, "error");
  return classify_error_code(response, code.empty() ? std::string("unknown_error") : std::move(code));
}

}  // namespace ambassador::adapters::slack
