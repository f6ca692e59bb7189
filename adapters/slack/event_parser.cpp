#include "adapters/slack/event_parser.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "adapters/chat_text.hpp"
#include "bot/clock.hpp"
#include "bot/json_tree.hpp"
#include "encoding/json_text.hpp"

namespace ambassador::adapters::slack {
namespace {

// Read with JsonTree, not nlohmann's DOM: an event body is parsed on the network thread for every request, and
// the DOM (a map node and a string per member, nlohmann's lexer copying a character at a time) was most of what
// the thread spent on a Slack event besides verifying it.
using Value = JsonTree::Value;

// Our own bot user ids: `authorizations` names the installation(s) the event is delivered for.
// (The older `authed_users` is not used: it lists installing users, not necessarily the bot.)
std::vector<std::string> bot_user_ids(Value envelope) {
  std::vector<std::string> ids;
  for (const Value authorization : envelope["authorizations"].items()) {
    std::string id = authorization["user_id"].text_or_empty();
    if (!id.empty()) ids.push_back(std::move(id));
  }
  return ids;
}

bool contains(const std::vector<std::string>& ids, std::string_view id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// Removes mentions ("<@U123>" or "<@U123|name>") of any of `bot_ids` from `text`.
// With `strip_leading_unknown` a leading mention is removed whatever its id: an app_mention from a payload
// without `authorizations` mentions us, most likely first.
void strip_bot_mentions(std::string& text, const std::vector<std::string>& bot_ids, bool strip_leading_unknown) {
  std::size_t pos = 0;
  while ((pos = text.find("<@", pos)) != std::string::npos) {
    const std::size_t end = text.find('>', pos);
    if (end == std::string::npos) break;
    std::string_view inner = std::string_view(text).substr(pos + 2, end - pos - 2);
    std::string_view id = inner.substr(0, inner.find('|'));
    const bool leading = trim_chat_text(std::string_view(text).substr(0, pos)).empty();
    if (!contains(bot_ids, id) && !(strip_leading_unknown && bot_ids.empty() && leading)) {
      pos = end + 1;
      continue;
    }
    text.erase(pos, end + 1 - pos);
    // "ask <@U1> now" must become "ask now", not "ask  now".
    if (pos > 0 && pos < text.size() && text[pos - 1] == ' ' && text[pos] == ' ') text.erase(pos, 1);
  }
  text = std::string(trim_chat_text(text));
}

bool is_message_from_a_bot(Value event, const std::vector<std::string>& bot_ids) {
  return !event["bot_id"].text_or_empty().empty() || contains(bot_ids, event["user"].text_or_empty());
}

// Subtypes a person produces by writing: a message with a file attached, and a thread reply also sent to the
// channel. Every other subtype (bot_message, message_changed, message_deleted, channel_join, ...) is a
// notification about a message, not one to answer.
bool is_authored_subtype(std::string_view subtype) {
  return subtype.empty() || subtype == "file_share" || subtype == "thread_broadcast";
}

ParseResult parse_message(Value event, const std::vector<std::string>& bot_ids, bool is_app_mention,
                          IncomingEvent base) {
  if (!is_authored_subtype(event["subtype"].text_or_empty())) return ParseResult::nothing();
  // We must never answer ourselves (or another bot: two bots can answer each other forever).
  if (is_message_from_a_bot(event, bot_ids)) return ParseResult::nothing();
  base.user_id = event["user"].text_or_empty();
  base.channel_id = event["channel"].text_or_empty();
  if (base.user_id.empty() || base.channel_id.empty()) return ParseResult::nothing();

  base.kind = EventKind::message;
  base.thread_id = event["thread_ts"].text_or_empty();
  base.direct = event["channel_type"].text_or_empty() == "im";
  base.text = event["text"].text_or_empty();
  strip_bot_mentions(base.text, bot_ids, is_app_mention);
  // In a channel, Slack sends a message that mentions the bot twice: as `message` and as `app_mention`, with
  // different event ids. Only the app_mention is the request, or the bot would answer twice.
  base.addressed = base.direct || is_app_mention || base.text.starts_with('/');
  return ParseResult::single(std::move(base));
}

ParseResult parse_member_joined(Value event, const std::vector<std::string>& bot_ids, IncomingEvent base) {
  base.user_id = event["user"].text_or_empty();
  base.channel_id = event["channel"].text_or_empty();
  if (base.user_id.empty() || base.channel_id.empty()) return ParseResult::nothing();
  if (!contains(bot_ids, base.user_id)) {
    base.kind = EventKind::member_joined;
    return ParseResult::single(std::move(base));
  }
  // The admins are told who added the bot: that is the inviter, not the bot. Slack omits `inviter` when there
  // was none (the bot joined by itself); the notice then names no one rather than the bot.
  base.kind = EventKind::bot_added;
  base.user_id = event["inviter"].text_or_empty();
  if (contains(bot_ids, base.user_id)) base.user_id.clear();
  return ParseResult::single(std::move(base));
}

// channel_left (public channel) and group_left (private channel) are "you left" events: Slack sends them to the
// app when its own bot user leaves or is removed. `actor_id`, when sent, is who removed it. member_left_channel
// stays ignored: it goes to the channel's remaining members, so apps report it missing for their own bot, and
// where it did arrive it would repeat the channel_left under another event_id (two notices to the admins).
ParseResult parse_bot_left(Value event, const std::vector<std::string>& bot_ids, IncomingEvent base) {
  base.channel_id = event["channel"].text_or_empty();
  // A one-to-one conversation has no membership to lose; a removal there would read as the person blocking us.
  if (base.channel_id.empty() || base.channel_id.starts_with('D')) return ParseResult::nothing();
  base.kind = EventKind::bot_removed;
  base.direct = false;
  base.user_id = event["actor_id"].text_or_empty();
  // The bot leaving by itself (conversations.leave) must not read as "the bot removed me".
  if (contains(bot_ids, base.user_id)) base.user_id.clear();
  return ParseResult::single(std::move(base));
}

ParseResult answer_url_verification(Value envelope) {
  const auto challenge = envelope["challenge"].text();
  if (!challenge) return ParseResult::failure("url_verification without a challenge");
  ParseResult result;
  result.reply = http::Response::json(200, encoding::dump_json(nlohmann::json{{"challenge", std::string(*challenge)}}));
  return result;
}

ParseResult parse_event_callback(Value envelope) {
  IncomingEvent base;
  base.platform = "slack";
  base.event_key = envelope["event_id"].text_or_empty();
  if (base.event_key.empty()) return ParseResult::failure("event_callback without event_id");
  base.workspace = envelope["team_id"].text_or_empty();
  if (base.workspace.empty()) return ParseResult::failure("event_callback without team_id");
  const Value event = envelope["event"];
  if (!event.is_object()) return ParseResult::failure("event_callback without an event object");
  base.occurred_at_ms = unix_seconds_to_ms(envelope["event_time"].integer().value_or(0));

  const std::vector<std::string> bot_ids = bot_user_ids(envelope);
  const std::string type = event["type"].text_or_empty();
  if (type == "message") return parse_message(event, bot_ids, /*is_app_mention=*/false, std::move(base));
  if (type == "app_mention") return parse_message(event, bot_ids, /*is_app_mention=*/true, std::move(base));
  if (type == "member_joined_channel") return parse_member_joined(event, bot_ids, std::move(base));
  if (type == "channel_left" || type == "group_left") return parse_bot_left(event, bot_ids, std::move(base));
  return ParseResult::nothing();
}

}  // namespace

ParseResult parse_events_body(std::string_view body) {
  const auto document = JsonTree::parse(body);
  if (!document) return ParseResult::failure("body is not valid JSON");
  const Value envelope = document->root();
  if (!envelope.is_object()) return ParseResult::failure("body is not a JSON object");
  const std::string type = envelope["type"].text_or_empty();
  if (type.empty()) return ParseResult::failure("body has no \"type\"");
  if (type == "url_verification") return answer_url_verification(envelope);
  if (type == "event_callback") return parse_event_callback(envelope);
  return ParseResult::nothing();  // app_rate_limited, and envelope types Slack may add later
}

}  // namespace ambassador::adapters::slack
