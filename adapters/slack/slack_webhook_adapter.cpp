#include "adapters/slack/slack_webhook_adapter.hpp"

#include <strings.h>

#include "adapters/slack/command_parser.hpp"
#include "adapters/slack/event_parser.hpp"
#include "adapters/slack/interaction_parser.hpp"

namespace ambassador::adapters::slack {
namespace {

constexpr std::string_view kJson = "application/json";
constexpr std::string_view kForm = "application/x-www-form-urlencoded";

// Compares the media type only: "application/json; charset=utf-8" is application/json.
bool has_media_type(const http::Request& request, std::string_view expected) {
  std::string_view type = request.header("Content-Type");
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  while (!type.empty() && type.front() == ' ') type.remove_prefix(1);
  return type.size() == expected.size() && ::strncasecmp(type.data(), expected.data(), type.size()) == 0;
}

ParseResult wrong_content_type(std::string_view expected) {
  return ParseResult::failure("expected content type " + std::string(expected));
}

}  // namespace

SlackWebhookAdapter::SlackWebhookAdapter(const std::map<std::string, std::string>& signing_secrets)
    : verifier_(signing_secrets) {}

std::vector<std::string> SlackWebhookAdapter::paths() const {
  return {std::string(kEventsPath), std::string(kCommandsPath), std::string(kInteractivityPath)};
}

VerifyResult SlackWebhookAdapter::verify(const http::Request& request,
                                         std::chrono::system_clock::time_point now) const {
  return verifier_.verify(request, now);
}

ParseResult SlackWebhookAdapter::parse(const http::Request& request) const {
  if (request.path == kEventsPath) {
    if (!has_media_type(request, kJson)) return wrong_content_type(kJson);
    return parse_events_body(request.body);
  }
  if (request.path == kCommandsPath) {
    if (!has_media_type(request, kForm)) return wrong_content_type(kForm);
    ParseResult result = parse_command_body(request.body);
    // A slash command carries no time of its own; the signed request timestamp is the closest there is.
    const auto sent_at = request_timestamp(request);
    for (auto& event : result.events)
      if (sent_at) event.occurred_at_ms = *sent_at * 1000;
    return result;
  }
  if (request.path == kInteractivityPath) {
    if (!has_media_type(request, kForm)) return wrong_content_type(kForm);
    return parse_interaction_body(request.body);
  }
  return ParseResult::failure("not a Slack endpoint: " + request.path);
}

}  // namespace ambassador::adapters::slack
