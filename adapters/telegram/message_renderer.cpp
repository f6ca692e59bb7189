#include "adapters/telegram/message_renderer.hpp"

#include <charconv>
#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "adapters/telegram/callback_data.hpp"
#include "adapters/telegram/html_text.hpp"
#include "encoding/json_text.hpp"
#include "encoding/utf8.hpp"

namespace ambassador::adapters::telegram {
namespace {

using nlohmann::json;

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // "…"

// Inputs are sanitised already; dump_json's replacement is the last guard so rendering never throws on bad UTF-8.
http::ClientRequest json_request(std::string_view base, std::string_view token, std::string_view method,
                                 const json& body) {
  http::ClientRequest request;
  request.method = "POST";
  request.url = method_url(base, token, method);
  request.headers = {{"Content-Type", "application/json"}};
  request.body = encoding::dump_json(body);
  return request;
}

std::optional<std::int64_t> as_integer(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc{} || stop != end) return std::nullopt;
  return value;
}

// Telegram takes chat ids as integers or "@username" strings; a numeric id sent as a string also works, but
// a number keeps the request exactly as the docs show it.
json id_value(std::string_view id) {
  if (const auto number = as_integer(id)) return *number;
  return encoding::sanitize_utf8(id);
}

bool has_visible(std::string_view text) { return text.find_first_not_of(" \t\r\n") != std::string_view::npos; }

enum class Style { plain, bold, italic };

// A run of the composed plain text with one style; the runs cover the text completely.
struct Run {
  std::size_t begin;
  std::size_t end;
  Style style;
};

struct ComposedText {
  std::string text;
  std::vector<Run> runs;
};

ComposedText compose(const OutgoingMessage& message) {
  ComposedText composed;
  const auto add = [&composed](std::string_view part, Style style) {
    std::string clean = encoding::sanitize_utf8(part);
    if (!has_visible(clean)) return;
    if (!composed.text.empty()) {
      composed.runs.push_back({composed.text.size(), composed.text.size() + 2, Style::plain});
      composed.text += "\n\n";
    }
    composed.runs.push_back({composed.text.size(), composed.text.size() + clean.size(), style});
    composed.text += clean;
  };
  add(message.title, Style::bold);
  add(message.text, Style::plain);
  add(message.link_url, Style::plain);  // plain: Telegram turns a bare URL into a link itself
  add(message.footer, Style::italic);
  return composed;
}

// The HTML of one chunk: every run is escaped and tagged on its own, so tags always balance inside a chunk.
std::string render_html(const ComposedText& composed, TextRange range) {
  std::string html;
  for (const Run& run : composed.runs) {
    const std::size_t begin = std::max(run.begin, range.begin);
    const std::size_t end = std::min(run.end, range.end);
    if (begin >= end) continue;
    const std::string escaped = escape_html(std::string_view(composed.text).substr(begin, end - begin));
    switch (run.style) {
      case Style::bold:
        html += "<b>" + escaped + "</b>";
        break;
      case Style::italic:
        html += "<i>" + escaped + "</i>";
        break;
      case Style::plain:
        html += escaped;
        break;
    }
  }
  return html;
}

std::optional<json> inline_keyboard(const std::vector<Button>& buttons) {
  struct Rendered {
    json button;
    bool short_label;
  };
  std::vector<Rendered> rendered;
  for (const Button& button : buttons) {
    std::string label = encoding::sanitize_utf8(button.label);
    if (!has_visible(label)) continue;
    json item{{"text", label}};
    if (!button.url.empty()) {
      item["url"] = encoding::sanitize_utf8(button.url);
    } else {
      const auto data =
          encode_callback(encoding::sanitize_utf8(button.action_id), encoding::sanitize_utf8(button.value));
      if (!data) continue;  // over 64 bytes: Telegram would reject the whole message
      item["callback_data"] = *data;
    }
    rendered.push_back({std::move(item), encoding::utf16_length(label) <= kShortButtonLabel});
  }
  if (rendered.empty()) return std::nullopt;
  json rows = json::array();
  for (std::size_t i = 0; i < rendered.size();) {
    if (rendered[i].short_label && i + 1 < rendered.size() && rendered[i + 1].short_label) {
      rows.push_back(json::array({rendered[i].button, rendered[i + 1].button}));
      i += 2;
    } else {
      rows.push_back(json::array({rendered[i].button}));
      i += 1;
    }
  }
  return json{{"inline_keyboard", std::move(rows)}};
}

json link_preview_options(const OutgoingMessage& message) {
  // Without a link, an image URL still makes a preview: that is how the image gets shown in a text message.
  const std::string& url = message.link_url.empty() ? message.image_url : message.link_url;
  json options{{"is_disabled", url.empty()}};
  if (!url.empty()) options["url"] = encoding::sanitize_utf8(url);
  if (!message.image_url.empty()) options["prefer_large_media"] = true;
  return options;
}

}  // namespace

std::string method_url(std::string_view api_base_url, std::string_view bot_token, std::string_view method) {
  while (!api_base_url.empty() && api_base_url.back() == '/') api_base_url.remove_suffix(1);
  std::string url;
  url.reserve(api_base_url.size() + bot_token.size() + method.size() + 5);
  url.append(api_base_url).append("/bot").append(bot_token).append("/").append(method);
  return url;
}

std::vector<http::ClientRequest> render_send_message(std::string_view api_base_url, std::string_view bot_token,
                                                     const Destination& to, const OutgoingMessage& message) {
  const ComposedText composed = compose(message);
  const std::vector<TextRange> chunks = split_ranges(composed.text, kMaxMessageLength);
  const json chat_id = id_value(to.channel_id.empty() ? to.user_id : to.channel_id);
  const auto thread_id = as_integer(to.thread_id);
  const auto keyboard = inline_keyboard(message.buttons);

  std::vector<http::ClientRequest> requests;
  requests.reserve(chunks.size());
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const bool last = i + 1 == chunks.size();
    json body{{"chat_id", chat_id}, {"text", render_html(composed, chunks[i])}, {"parse_mode", "HTML"}};
    if (thread_id) body["message_thread_id"] = *thread_id;
    // Earlier parts get no preview, so a long post shows one preview (of its link), under its last part.
    body["link_preview_options"] = last ? link_preview_options(message) : json{{"is_disabled", true}};
    if (last && keyboard) body["reply_markup"] = *keyboard;
    requests.push_back(json_request(api_base_url, bot_token, "sendMessage", body));
  }
  return requests;
}

http::ClientRequest render_edit_message_text(std::string_view api_base_url, std::string_view bot_token,
                                             std::string_view chat_id, std::string_view message_id,
                                             const OutgoingMessage& message) {
  const ComposedText composed = compose(message);
  std::string html;
  if (const auto whole = split_ranges(composed.text, kMaxMessageLength); whole.size() == 1) {
    html = render_html(composed, whole.front());
  } else if (!whole.empty()) {
    // Room for the ellipsis (one UTF-16 unit).
    html = render_html(composed, split_ranges(composed.text, kMaxMessageLength - 1).front());
    html += kEllipsis;
  }
  json body{{"chat_id", id_value(chat_id)},
            {"message_id", id_value(message_id)},
            {"text", html},
            {"parse_mode", "HTML"},
            {"link_preview_options", link_preview_options(message)}};
  // Leaving reply_markup out removes the old keyboard, which is what an edit without buttons means.
  if (const auto keyboard = inline_keyboard(message.buttons)) body["reply_markup"] = *keyboard;
  return json_request(api_base_url, bot_token, "editMessageText", body);
}

http::ClientRequest render_delete_messages(std::string_view api_base_url, std::string_view bot_token,
                                           std::string_view chat_id, const std::vector<std::string>& message_ids) {
  json ids = json::array();
  for (const auto& id : message_ids) ids.push_back(id_value(id));
  return json_request(api_base_url, bot_token, "deleteMessages",
                      json{{"chat_id", id_value(chat_id)}, {"message_ids", std::move(ids)}});
}

http::ClientRequest render_answer_callback_query(std::string_view api_base_url, std::string_view bot_token,
                                                 std::string_view callback_query_id, std::string_view text,
                                                 bool show_alert) {
  json body{{"callback_query_id", encoding::sanitize_utf8(callback_query_id)}};
  const std::string toast = truncate_utf16(encoding::sanitize_utf8(text), kMaxCallbackAnswerLength);
  if (!toast.empty()) body["text"] = toast;
  if (show_alert) body["show_alert"] = true;
  return json_request(api_base_url, bot_token, "answerCallbackQuery", body);
}

std::vector<std::string> default_allowed_updates() {
  return {"message", "callback_query", "my_chat_member", "chat_member"};
}

http::ClientRequest render_set_webhook(std::string_view api_base_url, std::string_view bot_token,
                                       std::string_view webhook_url, std::string_view secret_token,
                                       const std::vector<std::string>& allowed_updates) {
  json body{{"url", encoding::sanitize_utf8(webhook_url)}, {"allowed_updates", allowed_updates}};
  if (!secret_token.empty()) body["secret_token"] = std::string(secret_token);
  return json_request(api_base_url, bot_token, "setWebhook", body);
}

http::ClientRequest render_delete_webhook(std::string_view api_base_url, std::string_view bot_token,
                                          bool drop_pending_updates) {
  return json_request(api_base_url, bot_token, "deleteWebhook", json{{"drop_pending_updates", drop_pending_updates}});
}

http::ClientRequest render_get_webhook_info(std::string_view api_base_url, std::string_view bot_token) {
  http::ClientRequest request;
  request.method = "GET";
  request.url = method_url(api_base_url, bot_token, "getWebhookInfo");
  return request;
}

}  // namespace ambassador::adapters::telegram
