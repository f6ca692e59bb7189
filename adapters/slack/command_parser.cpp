#include "adapters/slack/command_parser.hpp"

#include <string>
#include <utility>

#include "bot/http/form.hpp"

namespace ambassador::adapters::slack {
namespace {

std::string field(const http::FormFields& fields, std::string_view name) {
  return http::form_value(fields, name).value_or(std::string{});
}

std::string trim_spaces(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

}  // namespace

ParseResult parse_command_body(std::string_view body) {
  auto fields = http::parse_form(body);
  if (!fields) return ParseResult::failure("body is not valid form encoding");

  ParseResult result;
  // Empty 200 either way: the real answer goes to response_url, and ssl_check only wants to see us answer.
  result.reply = http::Response::text(200, "");
  if (field(*fields, "ssl_check") == "1") {
    result.ignored = true;
    return result;
  }

  IncomingEvent event;
  event.platform = "slack";
  event.kind = EventKind::command;
  event.workspace = field(*fields, "team_id");
  event.channel_id = field(*fields, "channel_id");
  event.user_id = field(*fields, "user_id");
  const std::string trigger_id = field(*fields, "trigger_id");
  const std::pair<std::string_view, const std::string*> required[] = {{"team_id", &event.workspace},
                                                                      {"channel_id", &event.channel_id},
                                                                      {"user_id", &event.user_id},
                                                                      {"trigger_id", &trigger_id}};
  for (const auto& [name, value] : required)
    if (value->empty()) return ParseResult::failure("slash command without " + std::string(name));

  // A trigger_id is issued per invocation, so it dedupes a retried delivery without merging two invocations.
  event.event_key = "cmd:" + trigger_id;
  event.user_name = field(*fields, "user_name");
  event.text = trim_spaces(field(*fields, "text"));
  event.addressed = true;
  event.direct = event.channel_id.starts_with('D');
  event.reply_token = field(*fields, "response_url");
  result.events.push_back(std::move(event));
  return result;
}

}  // namespace ambassador::adapters::slack
