#include "adapters/telegram/update_parser.hpp"

#include <cstdint>
#include <optional>

#include "adapters/telegram/callback_data.hpp"
#include "bot/clock.hpp"
#include "bot/json_tree.hpp"

namespace ambassador::adapters::telegram {
namespace {

using Json = JsonTree::Value;

// Telegram's "date" (Unix seconds) in ms; 0 (unknown) when absent or outside 1970..9999.
std::int64_t date_ms(Json object) { return unix_seconds_to_ms(object["date"].integer().value_or(0)); }

std::string id_text(Json value) {
  const auto id = value.integer();
  return id ? std::to_string(*id) : std::string{};
}

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// A display name for a User: the @username if set, else the first name.
std::string user_name(Json user) {
  if (auto username = user["username"].text(); username && !username->empty()) return std::string(*username);
  return user["first_name"].text_or_empty();
}

void set_actor(IncomingEvent& event, Json user) {
  event.user_id = id_text(user["id"]);
  event.user_name = user_name(user);
}

void set_chat(IncomingEvent& event, Json chat) {
  event.channel_id = id_text(chat["id"]);
  event.direct = chat["type"].text() == "private";
}

// message_thread_id is also set on plain replies in supergroups without topics; sending there with it fails
// ("message thread not found"), so only a forum topic counts as a thread.
void set_thread(IncomingEvent& event, Json message) {
  if (message["is_topic_message"].is_true()) event.thread_id = id_text(message["message_thread_id"]);
}

// Whether a ChatMember status means "in the chat". "restricted" members may or may not be (is_member).
bool is_present(Json chat_member) {
  const auto status = chat_member["status"].text();
  if (!status) return false;
  if (*status == "creator" || *status == "administrator" || *status == "member") return true;
  return *status == "restricted" && chat_member["is_member"].is_true();
}

struct Addressing {
  bool for_another_bot = false;
  bool addressed = false;
  std::string text;
};

// Whether `text` mentions @username as a whole word.
bool mentions(std::string_view text, std::string_view username) {
  if (username.empty()) return false;
  for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    if (at > 0 && is_word_char(text[at - 1])) continue;
    const std::size_t end = at + 1 + username.size();
    if (end > text.size() || !iequals(text.substr(at + 1, username.size()), username)) continue;
    if (end < text.size() && is_word_char(text[end])) continue;
    return true;
  }
  return false;
}

// "/join@bot args" → "join args"; "@bot join" → "join"; anything else unchanged.
Addressing address(std::string_view raw, std::string_view username, bool direct) {
  Addressing result;
  if (!raw.empty() && raw.front() == '/') {
    std::size_t token_end = 1;
    while (token_end < raw.size() && !is_space(raw[token_end])) ++token_end;
    std::string_view command = raw.substr(1, token_end - 1);
    if (const auto at = command.find('@'); at != std::string_view::npos) {
      // In groups every bot sees "/cmd@otherbot"; only the named bot should act on it.
      if (!username.empty() && !iequals(command.substr(at + 1), username)) {
        result.for_another_bot = true;
        return result;
      }
      command = command.substr(0, at);
    }
    result.addressed = true;
    result.text = std::string(command).append(raw.substr(token_end));
    return result;
  }
  result.text = std::string(raw);
  result.addressed = direct || mentions(raw, username);
  const std::size_t prefix = 1 + username.size();
  if (!username.empty() && raw.size() >= prefix && raw.front() == '@' &&
      iequals(raw.substr(1, username.size()), username) && (raw.size() == prefix || !is_word_char(raw[prefix]))) {
    std::size_t rest = prefix;
    while (rest < raw.size() && (is_space(raw[rest]) || raw[rest] == ',' || raw[rest] == ':')) ++rest;
    result.text = std::string(raw.substr(rest));
  }
  return result;
}

// One member_joined per person in new_chat_members. Telegram sends this service message whether or not the bot is
// an admin (chat_member updates need admin rights), so for an admin bot the same join also arrives as chat_member:
// the domain keys its welcome per person and day, not per event. Keys are "<update_id>:<user id>", one scheme for
// every member, so each stays unique and a redelivered update maps to the same keys.
ParseResult parse_new_chat_members(Json message, Json members, const IncomingEvent& base) {
  const Json chat = message["chat"];
  if (!chat["id"].present()) return ParseResult::nothing();
  ParseResult result;
  for (const Json user : members.items()) {
    // The bot itself may be one of them: that is my_chat_member's news, and other bots are not welcomed.
    if (!user["id"].present() || user["is_bot"].is_true()) continue;
    IncomingEvent event = base;
    event.kind = EventKind::member_joined;
    set_chat(event, chat);
    set_actor(event, user);  // the person who joined, not whoever added them
    event.event_key += ":" + event.user_id;
    event.occurred_at_ms = date_ms(message);
    result.events.push_back(std::move(event));
  }
  if (result.events.empty()) return ParseResult::nothing();
  return result;
}

// Sent in the old group when it becomes a supergroup with a new id. Its twin in the new supergroup
// (migrate_from_chat_id) reports the same move and is ignored, so each move is handled once.
ParseResult parse_migration(Json message, Json new_id, IncomingEvent event) {
  const Json chat = message["chat"];
  const std::string moved_to = id_text(new_id);
  if (!chat["id"].present() || moved_to.empty()) return ParseResult::nothing();
  event.kind = EventKind::channel_moved;
  set_chat(event, chat);
  event.action_value = moved_to;
  // An anonymous admin's service messages come "from" GroupAnonymousBot: no person to name then.
  if (const Json from = message["from"]; from.present() && !from["is_bot"].is_true()) set_actor(event, from);
  event.occurred_at_ms = date_ms(message);
  return ParseResult::single(std::move(event));
}

// Messages without text or caption: the service messages we act on; stickers, photos and the rest are ignored.
ParseResult parse_service_message(Json message, IncomingEvent event) {
  if (const Json members = message["new_chat_members"]; members.is_array())
    return parse_new_chat_members(message, members, event);
  if (const Json new_id = message["migrate_to_chat_id"]; new_id.present())
    return parse_migration(message, new_id, std::move(event));
  return ParseResult::nothing();
}

ParseResult parse_message(Json message, IncomingEvent event, std::string_view username) {
  auto raw = message["text"].text();
  if (!raw) raw = message["caption"].text();
  if (!raw) return parse_service_message(message, std::move(event));
  const Json from = message["from"];
  // No sender: a channel's post or an anonymous admin; bots (including this one's echoes) never drive commands.
  if (!from.present() || from["is_bot"].is_true()) return ParseResult::nothing();
  const Json chat = message["chat"];
  if (!chat["id"].present()) return ParseResult::nothing();

  set_chat(event, chat);
  set_actor(event, from);
  set_thread(event, message);
  event.occurred_at_ms = date_ms(message);

  Addressing addressing = address(*raw, username, event.direct);
  if (addressing.for_another_bot) return ParseResult::nothing();
  event.kind = EventKind::message;
  event.text = std::move(addressing.text);
  event.addressed = addressing.addressed;
  // In groups a reply to the bot's own message is meant for the bot, like a mention.
  if (!event.addressed && !username.empty()) {
    const Json replied_to = message["reply_to_message"]["from"];
    const auto replied_name = replied_to["username"].text();
    event.addressed = replied_to["is_bot"].is_true() && replied_name && iequals(*replied_name, username);
  }
  return ParseResult::single(std::move(event));
}

ParseResult parse_callback_query(Json query, IncomingEvent event) {
  const auto data = query["data"].text();
  if (!data) return ParseResult::nothing();  // a game button: nothing of ours
  const auto callback = decode_callback(*data);
  const auto id = query["id"].text();
  if (!callback || !id) return ParseResult::nothing();

  event.kind = EventKind::button;
  event.action_id = callback->action_id;
  event.action_value = callback->value;
  event.reply_token = std::string(*id);
  set_actor(event, query["from"]);
  // `message` is absent for buttons on inline-mode messages; those have no chat we could answer in.
  const Json message = query["message"];
  set_chat(event, message["chat"]);
  set_thread(event, message);
  // A callback query carries no time of its own (message.date is when the button's message was sent).
  return ParseResult::single(std::move(event));
}

ParseResult parse_my_chat_member(Json update, IncomingEvent event) {
  const Json chat = update["chat"];
  if (!chat["id"].present()) return ParseResult::nothing();
  const Json old_member = update["old_chat_member"];
  const Json new_member = update["new_chat_member"];
  if (!new_member.present()) return ParseResult::nothing();
  const bool was_in = old_member.present() ? is_present(old_member) : !is_present(new_member);
  const bool is_in = is_present(new_member);
  // member → administrator and the like change nothing for us.
  if (was_in == is_in) return ParseResult::nothing();

  event.kind = is_in ? EventKind::bot_added : EventKind::bot_removed;
  event.addressed = true;
  set_chat(event, chat);
  // Groups, supergroups and channels have a title; the greeting and the admins' notices name the group by it.
  event.channel_name = chat["title"].text_or_empty();
  set_actor(event, update["from"]);
  event.occurred_at_ms = date_ms(update);
  return ParseResult::single(std::move(event));
}

ParseResult parse_chat_member(Json update, IncomingEvent event) {
  const Json chat = update["chat"];
  const Json new_member = update["new_chat_member"];
  const Json user = new_member["user"];
  if (!chat["id"].present() || !user["id"].present() || user["is_bot"].is_true()) return ParseResult::nothing();
  if (is_present(update["old_chat_member"]) || !is_present(new_member)) return ParseResult::nothing();

  event.kind = EventKind::member_joined;
  set_chat(event, chat);
  set_actor(event, user);  // the person who joined, not whoever added them
  event.occurred_at_ms = date_ms(update);
  return ParseResult::single(std::move(event));
}

}  // namespace

TelegramUpdateParser::TelegramUpdateParser(std::string bot_username) : bot_username_(std::move(bot_username)) {
  if (!bot_username_.empty() && bot_username_.front() == '@') bot_username_.erase(0, 1);
}

ParseResult TelegramUpdateParser::parse(std::string_view body) const {
  try {
    const auto document = JsonTree::parse(body);
    if (!document || !document->root().is_object()) return ParseResult::failure("malformed JSON");
    const Json update = document->root();
    const auto update_id = update["update_id"].integer();
    if (!update_id) return ParseResult::failure("missing update_id");

    IncomingEvent event;
    event.platform = "telegram";
    event.event_key = std::to_string(*update_id);

    if (const Json message = update["message"]; message.present())
      return parse_message(message, std::move(event), bot_username_);
    if (const Json query = update["callback_query"]; query.present())
      return parse_callback_query(query, std::move(event));
    if (const Json change = update["my_chat_member"]; change.present())
      return parse_my_chat_member(change, std::move(event));
    if (const Json change = update["chat_member"]; change.present()) return parse_chat_member(change, std::move(event));
    return ParseResult::nothing();
  } catch (const std::exception&) {
    // Only allocation can throw here; a webhook must answer rather than crash the handler.
    return ParseResult::failure("unreadable update");
  }
}

}  // namespace ambassador::adapters::telegram
