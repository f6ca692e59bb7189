#include "adapters/local/local_webhook_adapter.hpp"
#include "bot/json_limits.hpp"

#include <nlohmann/json.hpp>

namespace ambassador::adapters::local {
namespace {

bool is_json(std::string_view content_type) {
  return content_type.substr(0, content_type.find(';')) == "application/json";
}

// Reads a required short string field; records a problem when absent, wrong type, empty or too long.
std::string field(const nlohmann::json& body, const char* name, std::size_t max, bool required,
                  std::vector<std::string>& problems) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) problems.push_back(std::string("'") + name + "' is required");
    return {};
  }
  if (!it->is_string()) {
    problems.push_back(std::string("'") + name + "' must be a string");
    return {};
  }
  auto value = it->get<std::string>();
  if (required && value.empty()) problems.push_back(std::string("'") + name + "' must not be empty");
  if (value.size() > max)
    problems.push_back(std::string("'") + name + "' is longer than " + std::to_string(max) + " bytes");
  return value;
}

}  // namespace

VerifyResult LocalWebhookAdapter::verify(const http::Request&, std::chrono::system_clock::time_point) const {
  return VerifyResult::accept();
}

ParseResult LocalWebhookAdapter::parse(const http::Request& request) const {
  if (!is_json(request.header("Content-Type"))) {
    ParseResult result = ParseResult::failure("expected Content-Type: application/json");
    result.reply = http::Response::error(415, "unsupported_media_type", result.error);
    return result;
  }
  // nlohmann rejects invalid UTF-8 while parsing, so nothing invalid reaches the inbox.
  auto body = parse_untrusted_json(request.body);
  if (body.is_discarded()) return ParseResult::failure("the body is not valid JSON (or not valid UTF-8)");
  if (!body.is_object()) return ParseResult::failure("the body must be a JSON object");
  std::vector<std::string> problems;
  IncomingEvent event;
  event.platform = "local";
  event.channel_id = field(body, "channel", kMaxIdBytes, true, problems);
  event.user_id = field(body, "user", kMaxIdBytes, true, problems);
  // A button press carries "action" (and "value") instead of text, as a platform's callback would.
  event.action_id = field(body, "action", kMaxIdBytes, false, problems);
  event.action_value = field(body, "value", kMaxIdBytes, false, problems);
  event.text = field(body, "text", kMaxTextBytes, event.action_id.empty(), problems);
  event.user_name = field(body, "name", kMaxIdBytes, false, problems);
  const auto client_id = field(body, "id", kMaxIdBytes, false, problems);
  if (auto direct = body.find("direct"); direct != body.end()) {
    if (direct->is_boolean())
      event.direct = direct->get<bool>();
    else
      problems.push_back("'direct' must be true or false");
  }
  if (!problems.empty()) {
    ParseResult result = ParseResult::failure(problems.front());
    result.reply = http::Response::errors(422, "invalid_message", problems);
    return result;
  }
  // A client-chosen id makes retries idempotent; otherwise each request is its own event.
  event.event_key = client_id.empty() ? "req:" + request.request_id : "id:" + client_id;
  event.kind = event.action_id.empty() ? EventKind::message : EventKind::button;
  event.addressed = event.direct || event.text.starts_with('/') || event.text.starts_with('!');
  ParseResult result;
  result.events.push_back(std::move(event));
  return result;
}

}  // namespace ambassador::adapters::local
