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

// The encoders write their JSON directly (sorted keys, as nlohmann::json would): they run for every stored event
// and every queued delivery, on the ingest path and in the database writer.
std::string encode_event(const IncomingEvent& e) {
  // Only non-defaults: keeps the inbox rows (and the hot ingest path) small.
  encoding::JsonObjectWriter j;
  j.string_unless_empty("action_id", e.action_id).string_unless_empty("action_value", e.action_value);
  if (e.addressed) j.boolean("addressed", true);
  j.string("channel_id", e.channel_id).string_unless_empty("channel_name", e.channel_name);
  if (e.direct) j.boolean("direct", true);
  j.string("event_key", e.event_key).string("kind", to_string(e.kind));
  if (e.occurred_at_ms) j.integer("occurred_at_ms", e.occurred_at_ms);
  j.string("platform", e.platform).string_unless_empty("reply_token", e.reply_token).string("text", e.text);
  j.string_unless_empty("thread_id", e.thread_id).string("user_id", e.user_id);
  j.string_unless_empty("user_name", e.user_name).string_unless_empty("workspace", e.workspace);
  return std::move(j).finish();
}

std::optional<IncomingEvent> decode_event(const std::string& text) { return decode<IncomingEvent>(text, event_from); }

std::string encode_message(const OutgoingMessage& m) {
  std::string buttons = "[";
  for (const auto& b : m.buttons) {
    if (buttons.size() > 1) buttons.push_back(',');
    encoding::JsonObjectWriter button;
    button.string_unless_empty("action_id", b.action_id).string("label", b.label);
    if (b.style != ButtonStyle::normal) button.string("style", style_name(b.style));
    button.string_unless_empty("url", b.url).string_unless_empty("value", b.value);
    buttons += std::move(button).finish();
  }
  buttons.push_back(']');
  encoding::JsonObjectWriter j;
  if (!m.buttons.empty()) j.json("buttons", buttons);
  j.string_unless_empty("footer", m.footer).string_unless_empty("image_url", m.image_url);
  j.string_unless_empty("link_url", m.link_url).string("text", m.text).string_unless_empty("title", m.title);
  return std::move(j).finish();
}

std::optional<OutgoingMessage> decode_message(const std::string& text) {
  return decode<OutgoingMessage>(text, message_from);
}

std::string encode_destination(const Destination& d) {
  encoding::JsonObjectWriter j;
  j.string("channel_id", d.channel_id).string_unless_empty("edit_message_id", d.edit_message_id);
  if (d.ephemeral) j.boolean("ephemeral", true);
  j.string("platform", d.platform).string_unless_empty("reply_token", d.reply_token);
  j.string_unless_empty("thread_id", d.thread_id).string_unless_empty("user_id", d.user_id);
  j.string_unless_empty("workspace", d.workspace);
  return std::move(j).finish();
}

std::optional<Destination> decode_destination(const std::string& text) {
  return decode<Destination>(text, destination_from);
}

std::string safe_dump_string(const std::string& text) { return encoding::dump_json(json(text)); }

}  // namespace ambassador
