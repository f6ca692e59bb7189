#include "adapters/teams/teams_webhook_adapter.hpp"

namespace ambassador::adapters::teams {

TeamsWebhookAdapter::TeamsWebhookAdapter(const SigningKeys& keys, std::string app_id, std::string issuer,
                                         ServiceUrlBook& book, std::string execute_reply_text)
    : validator_(keys, std::move(app_id), std::move(issuer)), parser_(std::move(execute_reply_text)), book_(book) {}

VerifyResult TeamsWebhookAdapter::verify(const http::Request& request,
                                         std::chrono::system_clock::time_point now) const {
  return verify(request, JsonTree::parse(request.body), now);
}

Ingest TeamsWebhookAdapter::verify_and_parse(const http::Request& request,
                                             std::chrono::system_clock::time_point now) const {
  const auto activity = JsonTree::parse(request.body);
  Ingest ingest{verify(request, activity, now), {}};
  if (ingest.verdict.ok) ingest.parsed = parser_.parse(activity);
  return ingest;
}

VerifyResult TeamsWebhookAdapter::verify(const http::Request& request, const std::optional<JsonTree>& activity,
                                         std::chrono::system_clock::time_point now) const {
  // The token must be checked against the activity it came with, so the body is read (not trusted) first. A body
  // that is no JSON names no serviceUrl, which no token matches.
  const ActivityRoute route = read_activity_route(activity).value_or(ActivityRoute{});
  auto verdict = validator_.validate(request.header("Authorization"), route.service_url, route.channel_id, now);
  // Remembered here, not in parse(): only a verified token vouches for the URL (its serviceurl claim must equal
  // the activity's), and proactive messages will carry our credentials to whatever URL the book holds.
  if (verdict.ok) book_.remember(route.tenant, route.conversation, route.service_url);
  return verdict;
}

ParseResult TeamsWebhookAdapter::parse(const http::Request& request) const { return parser_.parse(request.body); }

}  // namespace ambassador::adapters::teams
