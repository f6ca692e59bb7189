#include "adapters/slack/interaction_parser.hpp"

#include <charconv>
#include <cstdint>
#include <string>

#include "adapters/slack/json_fields.hpp"
#include "bot/clock.hpp"
#include "bot/http/form.hpp"
#include "bot/json_limits.hpp"

namespace ambassador::adapters::slack {
namespace {

using nlohmann::json;

// A Slack timestamp ("1596530385.194939": seconds '.' microseconds) in ms since the epoch; 0 when unreadable.
std::int64_t slack_ts_to_ms(std::string_view ts) {
  const std::string_view seconds_text = ts.substr(0, ts.find('.'));
  std::int64_t seconds = 0;
  auto [end, error] = std::from_chars(seconds_text.data(), seconds_text.data() + seconds_text.size(), seconds);
  if (error != std::errc{} || end != seconds_text.data() + seconds_text.size() || unix_seconds_to_ms(seconds) == 0)
    return 0;
  std::int64_t millis = 0;
  const std::string_view fraction = seconds_text.size() < ts.size() ? ts.substr(seconds_text.size() + 1) : "";
  for (std::size_t i = 0; i < 3; ++i) {
    const char digit = i < fraction.size() ? fraction[i] : '0';
    if (digit < '0' || digit > '9') return seconds * 1000;
    millis = millis * 10 + (digit - '0');
  }
  return seconds * 1000 + millis;
}

// What the user picked: a button's value, or a select menu's selected option; "" for a link button.
std::string action_value(const json& action) {
  const auto* value = json_field(action, "value");
  if (value && value->is_string()) return value->get<std::string>();
  return json_string(json_object(action, "selected_option"), "value");
}

ParseResult parse_block_actions(const json& payload) {
  const json& container = json_object(payload, "container");
  const json& user = json_object(payload, "user");

  IncomingEvent base;
  base.platform = "slack";
  base.kind = EventKind::button;
  base.addressed = true;
  // team is null for org-wide (Enterprise Grid) installs; the user still belongs to a workspace.
  base.workspace = json_string(json_object(payload, "team"), "id");
  if (base.workspace.empty()) base.workspace = json_string(user, "team_id");
  if (base.workspace.empty()) return ParseResult::failure("block_actions without team.id");
  base.user_id = json_string(user, "id");
  if (base.user_id.empty()) return ParseResult::failure("block_actions without user.id");
  base.user_name = json_string(user, "username");
  base.channel_id = json_string(json_object(payload, "channel"), "id");
  if (base.channel_id.empty()) base.channel_id = json_string(container, "channel_id");
  base.direct = base.channel_id.starts_with('D');
  base.thread_id = json_string(container, "thread_ts");
  base.reply_token = json_string(payload, "response_url");

  // The message the buttons sit on, or (outside messages: App Home, modals) the invocation itself.
  std::string anchor = json_string(container, "message_ts");
  if (anchor.empty()) anchor = json_string(payload, "trigger_id");
  if (anchor.empty()) return ParseResult::failure("block_actions without container.message_ts or trigger_id");

  const auto* actions = json_field(payload, "actions");
  if (!actions || !actions->is_array()) return ParseResult::failure("block_actions without actions");
  ParseResult result;
  for (std::size_t i = 0; i < actions->size(); ++i) {
    const json& action = (*actions)[i];
    const std::string action_ts = json_string(action, "action_ts");
    if (action_ts.empty()) return ParseResult::failure("block_actions action without action_ts");
    IncomingEvent event = base;
    // action_ts is per click; the index keeps several actions of one payload apart.
    event.event_key = "act:" + anchor + ":" + action_ts;
    if (actions->size() > 1) event.event_key += ":" + std::to_string(i);
    event.action_id = json_string(action, "action_id");
    event.action_value = action_value(action);
    event.occurred_at_ms = slack_ts_to_ms(action_ts);
    result.events.push_back(std::move(event));
  }
  result.ignored = result.events.empty();
  return result;
}

}  // namespace

ParseResult parse_interaction_body(std::string_view body) {
  auto fields = http::parse_form(body);
  if (!fields) return ParseResult::failure("body is not valid form encoding");
  auto payload_text = http::form_value(*fields, "payload");
  if (!payload_text) return ParseResult::failure("form has no payload field");
  const json payload = parse_untrusted_json(*payload_text);
  if (payload.is_discarded() || !payload.is_object()) return ParseResult::failure("payload is not a JSON object");

  if (json_string(payload, "type") == "block_actions") return parse_block_actions(payload);
  ParseResult result;
  result.ignored = true;  // view_submission, shortcut, ...: no flow of ours opens them yet
  return result;
}

}  // namespace ambassador::adapters::slack
