#include "bot/message_codec.hpp"

#include <nlohmann/json.hpp>

#include "encoding/json_text.hpp"

namespace ambassador {
namespace {
using nlohmann::json;

std::string str(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

template <typename T>
std::optional<T> decode(const std::string& text, T (*from)(const json&)) {
  auto value = json::parse(text, nullptr, false);
  if (value.is_discarded() || !value.is_object()) return std::nullopt;
  try {
    return from(value);
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

IncomingEvent event_from(const json& j) {
  IncomingEvent e;
  e.platform = str(j, "platform");
  e.event_key = str(j, "event_key");
  e.kind = event_kind_from_string(str(j, "kind")).value_or(EventKind::message);
  e.workspace = str(j, "workspace");
  e.channel_id = str(j, "channel_id");
  e.channel_name = str(j, "channel_name");
  e.direct = j.value("direct", false);
  e.addressed = j.value("addressed", false);
  e.user_id = str(j, "user_id");
  e.user_name = str(j, "user_name");
  e.text = str(j, "text");
  e.action_id = str(j, "action_id");
  e.action_value = str(j, "action_value");
  e.reply_token = str(j, "reply_token");
  e.thread_id = str(j, "thread_id");
  e.occurred_at_ms = j.value("occurred_at_ms", std::int64_t{0});
  return e;
}

ButtonStyle style_from(const std::string& s) {
  if (s == "primary") return ButtonStyle::primary;
  if (s == "danger") return ButtonStyle::danger;
  return ButtonStyle::normal;
}

const char* style_name(ButtonStyle style) {
  switch (style) {
    case ButtonStyle::primary:
      return "primary";
    case ButtonStyle::danger:
      return "danger";
    default:
      return "normal";
  }
}

OutgoingMessage message_from(const json& j) {
  OutgoingMessage m;
  m.title = str(j, "title");
  m.text = str(j, "text");
  m.link_url = str(j, "link_url");
  m.image_url = str(j, "image_url");
  m.footer = str(j, "footer");
  if (auto it = j.find("buttons"); it != j.end() && it->is_array()) {
    for (const auto& b : *it) {
      if (!b.is_object()) continue;
      m.buttons.push_back(
          {str(b, "label"), str(b, "url"), str(b, "action_id"), str(b, "value"), style_from(str(b, "style"))});
    }
  }
  return m;
}

Destination destination_from(const json& j) {
  Destination d;
  d.platform = str(j, "platform");
  d.workspace = str(j, "workspace");
  d.channel_id = str(j, "channel_id");
  d.user_id = str(j, "user_id");
  d.ephemeral = j.value("ephemeral", false);
  d.thread_id = str(j, "thread_id");
  d.reply_token = str(j, "reply_token");
  d.edit_message_id = str(j, "edit_message_id");
  return d;
}

}  // namespace

std::string encode_event(const IncomingEvent& e) {
  json j{{"platform", e.platform},     {"event_key", e.event_key}, {"kind", to_string(e.kind)},
         {"channel_id", e.channel_id}, {"user_id", e.user_id},     {"text", e.text}};
  // Only non-defaults: keeps the inbox rows (and the hot ingest path) small.
  if (!e.workspace.empty()) j["workspace"] = e.workspace;
  if (!e.channel_name.empty()) j["channel_name"] = e.channel_name;
  if (e.direct) j["direct"] = true;
  if (e.addressed) j["addressed"] = true;
  if (!e.user_name.empty()) j["user_name"] = e.user_name;
  if (!e.action_id.empty()) j["action_id"] = e.action_id;
  if (!e.action_value.empty()) j["action_value"] = e.action_value;
  if (!e.reply_token.empty()) j["reply_token"] = e.reply_token;
  if (!e.thread_id.empty()) j["thread_id"] = e.thread_id;
  if (e.occurred_at_ms) j["occurred_at_ms"] = e.occurred_at_ms;
  return encoding::dump_json(j);
}

std::optional<IncomingEvent> decode_event(const std::string& text) { return decode<IncomingEvent>(text, event_from); }

std::string encode_message(const OutgoingMessage& m) {
  json buttons = json::array();
  for (const auto& b : m.buttons) {
    json button{{"label", b.label}};
    if (!b.url.empty()) button["url"] = b.url;
    if (!b.action_id.empty()) button["action_id"] = b.action_id;
    if (!b.value.empty()) button["value"] = b.value;
    if (b.style != ButtonStyle::normal) button["style"] = style_name(b.style);
    buttons.push_back(std::move(button));
  }
  json j{{"text", m.text}};
  if (!m.title.empty()) j["title"] = m.title;
  if (!m.link_url.empty()) j["link_url"] = m.link_url;
  if (!m.image_url.empty()) j["image_url"] = m.image_url;
  if (!m.footer.empty()) j["footer"] = m.footer;
  if (!buttons.empty()) j["buttons"] = std::move(buttons);
  return encoding::dump_json(j);
}

std::optional<OutgoingMessage> decode_message(const std::string& text) {
  return decode<OutgoingMessage>(text, message_from);
}

std::string encode_destination(const Destination& d) {
  json j{{"platform", d.platform}, {"channel_id", d.channel_id}};
  if (!d.workspace.empty()) j["workspace"] = d.workspace;
  if (!d.user_id.empty()) j["user_id"] = d.user_id;
  if (d.ephemeral) j["ephemeral"] = true;
  if (!d.thread_id.empty()) j["thread_id"] = d.thread_id;
  if (!d.reply_token.empty()) j["reply_token"] = d.reply_token;
  if (!d.edit_message_id.empty()) j["edit_message_id"] = d.edit_message_id;
  return encoding::dump_json(j);
}

std::optional<Destination> decode_destination(const std::string& text) {
  return decode<Destination>(text, destination_from);
}

std::string safe_dump_string(const std::string& text) { return encoding::dump_json(json(text)); }

}  // namespace ambassador
