#include "adapters/teams/activity_parser.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "adapters/chat_text.hpp"
#include "adapters/teams/conventions.hpp"
#include "bot/json_tree.hpp"
#include "encoding/json_text.hpp"

namespace ambassador::adapters::teams {
namespace {

using Json = JsonTree::Value;

std::string tenant_of(Json activity) {
  std::string tenant = activity["conversation"]["tenantId"].text_or_empty();
  return tenant.empty() ? activity["channelData"]["tenant"]["id"].text_or_empty() : tenant;
}

// "19:abc@thread.tacv2;messageid=170" → {"19:abc@thread.tacv2", "170"}.
std::pair<std::string, std::string> split_conversation(std::string_view id) {
  const std::size_t at = id.find(kThreadSeparator);
  if (at == std::string_view::npos) return {std::string(id), {}};
  return {std::string(id.substr(0, at)), std::string(id.substr(at + kThreadSeparator.size()))};
}

// A fixed-width run of digits at `at`; nullopt otherwise.
std::optional<int> digits(std::string_view text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// An ISO 8601 instant as Teams writes it ("2025-10-08T17:33:01.4953744Z", or with an offset like "-07:00") in UTC
// ms; 0 (unknown) when it is anything else.
std::int64_t timestamp_ms(std::string_view text) {
  using namespace std::chrono;
  const auto year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
  const auto hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':')
    return 0;
  const year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                            std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) return 0;
  std::size_t at = 19;
  int millis = 0;
  if (at < text.size() && text[at] == '.') {
    std::size_t fraction_digits = 0;
    for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, ++fraction_digits)
      if (fraction_digits < 3) millis = millis * 10 + (text[at] - '0');
    if (fraction_digits == 0) return 0;
    for (; fraction_digits < 3; ++fraction_digits) millis *= 10;
  }
  int offset_minutes = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    const auto offset_hours = digits(text, at + 1, 2), offset_mins = digits(text, at + 4, 2);
    if (!offset_hours || !offset_mins || text[at + 3] != ':') return 0;
    offset_minutes = (text[at] == '-' ? -1 : 1) * (*offset_hours * 60 + *offset_mins);
    at += 6;
  } else {
    return 0;
  }
  if (at != text.size()) return 0;
  const auto instant = sys_days(date) + hours(*hour) + minutes(*minute - offset_minutes) +
                       seconds(std::min(*second, 59)) + milliseconds(millis);
  const auto ms = duration_cast<milliseconds>(instant.time_since_epoch()).count();
  return ms > 0 ? ms : 0;
}

// The few entities Teams puts into a message's text. One pass, so "&amp;lt;" stays "&lt;".
std::string decode_entities(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kEntities{{
      {"&nbsp;", " "},
      {"&amp;", "&"},
      {"&lt;", "<"},
      {"&gt;", ">"},
      {"&quot;", "\""},
      {"&#39;", "'"},
      {"&apos;", "'"},
  }};
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    if (text[i] == '&') {
      for (const auto& [entity, character] : kEntities) {
        if (text.substr(i).starts_with(entity)) {
          out.append(character);
          i += entity.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out.push_back(text[i++]);
  }
  return out;
}

void erase_all(std::string& text, std::string_view what) {
  if (what.empty()) return;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at)) text.erase(at, what.size());
}

// Removes the bot's own mentions ("<at>Bot</at>", as the mention entity quotes them) from `text`; true when the
// message mentions the bot. Other people's mentions stay as they are.
bool strip_bot_mentions(Json activity, std::string_view bot_id, std::string& text) {
  bool mentioned = false;
  for (const Json entity : activity["entities"].items()) {
    if (entity["type"].text() != "mention" || bot_id.empty() || entity["mentioned"]["id"].text() != bot_id) continue;
    mentioned = true;
    std::string quoted = entity["text"].text_or_empty();
    if (quoted.empty()) quoted = "<at>" + entity["mentioned"]["name"].text_or_empty() + "</at>";
    erase_all(text, quoted);
  }
  return mentioned;
}

// The fields every event of this activity shares.
IncomingEvent base_event(Json activity, std::string_view conversation_id, std::string_view activity_id) {
  IncomingEvent event;
  event.platform = "teams";
  // Activity ids are only unique within their conversation (a channel message's id is its creation time in ms,
  // and conversationUpdate ids are short "f:…" hashes), so the conversation scopes the dedupe key. The full id,
  // thread suffix included, is used: it is what Teams redelivers.
  event.event_key = std::string(conversation_id).append("|").append(activity_id);
  event.workspace = tenant_of(activity);
  auto [channel, thread] = split_conversation(conversation_id);
  event.channel_id = std::move(channel);
  event.thread_id = std::move(thread);
  event.direct = activity["conversation"]["conversationType"].text() == "personal";
  event.user_id = activity["from"]["id"].text_or_empty();
  event.user_name = activity["from"]["name"].text_or_empty();
  event.occurred_at_ms = timestamp_ms(activity["timestamp"].text().value_or(std::string_view{}));
  return event;
}

void set_button(IncomingEvent& event, Json activity, std::string action_id, Json data) {
  event.kind = EventKind::button;
  event.addressed = true;
  event.action_id = std::move(action_id);
  event.action_value = data[kValueKey].text_or_empty();
  // The message holding the card, which an answer may update or reply to.
  event.reply_token = activity["replyToId"].text_or_empty();
  if (event.reply_token.empty()) event.reply_token = activity["id"].text_or_empty();
}

ParseResult parse_message(Json activity, IncomingEvent event) {
  const std::string bot_id = activity["recipient"]["id"].text_or_empty();
  if (!bot_id.empty() && event.user_id == bot_id) return ParseResult::nothing();  // our own message, echoed

  // An Action.Submit press arrives as a message carrying the button's data as `value`.
  if (const Json value = activity["value"]; value.is_object()) {
    const std::string action_id = value[kActionKey].text_or_empty();
    if (action_id.empty()) return ParseResult::nothing();  // a card that is not ours
    set_button(event, activity, action_id, value);
    return ParseResult::single(std::move(event));
  }

  const auto raw = activity["text"].text();
  if (!raw) return ParseResult::nothing();  // attachments only
  std::string text(*raw);
  const bool mentioned = strip_bot_mentions(activity, bot_id, text);
  event.kind = EventKind::message;
  event.text = std::string(trim_chat_text(decode_entities(text)));
  event.addressed = event.direct || mentioned;
  event.reply_token = activity["id"].text_or_empty();
  event.channel_name = activity["channelData"]["channel"]["name"].text_or_empty();
  return ParseResult::single(std::move(event));
}

http::Response execute_reply(std::string_view text) {
  nlohmann::json body = {{"statusCode", 200}, {"type", kExecuteReplyType}, {"value", text}};
  return http::Response::json(200, encoding::dump_json(body));
}

ParseResult parse_invoke(Json activity, IncomingEvent event, std::string_view reply_text) {
  if (activity["name"].text() != "adaptiveCard/action") return ParseResult::nothing();
  ParseResult result;
  // Teams waits for this answer to show the press worked, whether or not the card is ours.
  result.reply = execute_reply(reply_text);
  const Json action = activity["value"]["action"];
  const Json data = action["data"];
  std::string action_id = action["verb"].text_or_empty();
  if (action_id.empty()) action_id = data[kActionKey].text_or_empty();
  if (action_id.empty()) {
    result.ignored = true;
    return result;
  }
  set_button(event, activity, std::move(action_id), data);
  result.events.push_back(std::move(event));
  return result;
}

bool lists_member(Json members, std::string_view id) {
  if (id.empty()) return false;
  for (const Json member : members.items())
    if (member["id"].text() == id) return true;
  return false;
}

// A team's, channel's or group chat's title, for the greeting and the admins' notices.
std::string conversation_title(Json activity) {
  for (const Json name : {activity["channelData"]["channel"]["name"], activity["channelData"]["team"]["name"],
                          activity["conversation"]["name"]})
    if (auto text = name.text_or_empty(); !text.empty()) return text;
  return {};
}

ParseResult parse_conversation_update(Json activity, IncomingEvent event) {
  const std::string bot_id = activity["recipient"]["id"].text_or_empty();
  const Json added = activity["membersAdded"];
  event.addressed = true;
  if (lists_member(activity["membersRemoved"], bot_id)) {
    event.kind = EventKind::bot_removed;
    event.channel_name = conversation_title(activity);
    return ParseResult::single(std::move(event));
  }
  if (lists_member(added, bot_id)) {
    // A personal install says nothing we act on: the person's first message opens the conversation.
    if (event.direct) return ParseResult::nothing();
    // Installed in a team, the bot is added to the team's General channel, whose id the conversation carries.
    event.kind = EventKind::bot_added;
    event.channel_name = conversation_title(activity);
    return ParseResult::single(std::move(event));
  }
  ParseResult result;
  for (const Json member : added.items()) {
    std::string id = member["id"].text_or_empty();
    if (id.empty() || id.starts_with("28:")) continue;  // "28:" ids are bots
    IncomingEvent joined = event;
    joined.kind = EventKind::member_joined;
    joined.addressed = false;
    joined.event_key += "|" + id;
    joined.user_id = std::move(id);
    joined.user_name = member["name"].text_or_empty();
    result.events.push_back(std::move(joined));
  }
  if (result.events.empty()) return ParseResult::nothing();
  return result;
}

}  // namespace

std::optional<ActivityRoute> read_activity_route(std::string_view body) {
  return read_activity_route(JsonTree::parse(body));
}

std::optional<ActivityRoute> read_activity_route(const std::optional<JsonTree>& document) {
  if (!document || !document->root().is_object()) return std::nullopt;
  const Json activity = document->root();
  ActivityRoute route;
  route.service_url = activity["serviceUrl"].text_or_empty();
  route.channel_id = activity["channelId"].text_or_empty();
  route.tenant = tenant_of(activity);
  route.conversation = split_conversation(activity["conversation"]["id"].text().value_or(std::string_view{})).first;
  return route;
}

TeamsActivityParser::TeamsActivityParser(std::string execute_reply_text)
    : execute_reply_text_(std::move(execute_reply_text)) {}

ParseResult TeamsActivityParser::parse(std::string_view body) const {
  try {
    return parse(JsonTree::parse(body));
  } catch (const std::exception&) {
    return ParseResult::failure("unreadable activity");  // allocation failure: answer rather than crash
  }
}

ParseResult TeamsActivityParser::parse(const std::optional<JsonTree>& document) const {
  try {
    if (!document || !document->root().is_object()) return ParseResult::failure("malformed JSON");
    const Json activity = document->root();
    const auto type = activity["type"].text();
    const auto id = activity["id"].text();
    const auto conversation_id = activity["conversation"]["id"].text();
    if (!type || type->empty()) return ParseResult::failure("activity without type");
    if (!id || id->empty()) return ParseResult::failure("activity without id");
    if (activity["serviceUrl"].text().value_or(std::string_view{}).empty())
      return ParseResult::failure("activity without serviceUrl");
    if (!conversation_id || conversation_id->empty()) return ParseResult::failure("activity without conversation");

    IncomingEvent event = base_event(activity, *conversation_id, *id);
    if (*type == "message") return parse_message(activity, std::move(event));
    if (*type == "invoke") return parse_invoke(activity, std::move(event), execute_reply_text_);
    if (*type == "conversationUpdate") return parse_conversation_update(activity, std::move(event));
    return ParseResult::nothing();
  } catch (const std::exception&) {
    // Only allocation can throw here; a webhook must answer rather than crash the handler.
    return ParseResult::failure("unreadable activity");
  }
}

}  // namespace ambassador::adapters::teams
