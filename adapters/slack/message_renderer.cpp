#include "adapters/slack/message_renderer.hpp"

#include <algorithm>
#include <vector>

#include <boost/url/encode.hpp>

#include "adapters/slack/delivery_metadata.hpp"
#include "adapters/slack/json_fields.hpp"
#include "bot/http/form.hpp"
#include "encoding/json_text.hpp"
#include "encoding/utf8.hpp"

namespace ambassador::adapters::slack {
namespace {

using nlohmann::json;

// Slack limits a section's text to 3,000 characters; counting bytes stays under it for any script.
constexpr std::size_t kMaxSectionBytes = 3000;
constexpr std::size_t kMaxElementsPerActionsBlock = 25;
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";

// Width in UTF-16 code units (a character outside the BMP counts twice), the stricter reading of "characters".
std::string truncate_label(std::string_view label) {
  if (encoding::utf16_length(label) <= kMaxButtonLabel) return std::string(label);
  const std::size_t cut = encoding::utf16_prefix_length(label, kMaxButtonLabel - 1);  // one left for the ellipsis
  return std::string(label.substr(0, cut)) + std::string(kEllipsis);
}

// Splits escaped mrkdwn into pieces of at most `limit` bytes: preferably at a line break or space in the
// second half, and never inside a UTF-8 sequence or an &entity; (every '&' in escaped text starts one).
std::vector<std::string> split_text(std::string_view text, std::size_t limit) {
  std::vector<std::string> pieces;
  while (text.size() > limit) {
    std::size_t cut = encoding::utf8_prefix(text, limit).size();
    if (cut == 0) cut = limit;  // no whole character fits (invalid UTF-8): cut the bytes rather than loop forever
    const std::size_t amp = text.rfind('&', cut - 1);
    if (amp != std::string_view::npos && cut - amp < 5 && text.find(';', amp) >= cut) cut = amp;
    std::size_t space = text.rfind('\n', cut - 1);
    if (space == std::string_view::npos || space < limit / 2) space = text.rfind(' ', cut - 1);
    if (space != std::string_view::npos && space >= limit / 2) cut = space;
    pieces.emplace_back(text.substr(0, cut));
    text.remove_prefix(cut);
    if (!text.empty() && (text.front() == '\n' || text.front() == ' ')) text.remove_prefix(1);
  }
  if (!text.empty()) pieces.emplace_back(text);
  return pieces;
}

// A URL inside <...>: the characters that would end or split the link are percent-encoded, & is escaped. Not
// urls::encode: it would encode '%' as well, and a URL's own escapes must stay as they are.
std::string escape_link_target(std::string_view url) {
  std::string out;
  for (char c : url) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "%3C";
        break;
      case '>':
        out += "%3E";
        break;
      case '|':
        out += "%7C";
        break;
      default:
        out += c;
    }
  }
  return out;
}

json mrkdwn(std::string text) { return {{"type", "mrkdwn"}, {"text", std::move(text)}}; }

json section(std::string text) { return {{"type", "section"}, {"text", mrkdwn(std::move(text))}}; }

json button_element(const Button& button) {
  json element{{"type", "button"},
               {"text", {{"type", "plain_text"}, {"text", truncate_label(button.label)}, {"emoji", true}}}};
  // Empty strings are invalid in Block Kit; Slack generates an action_id when none is given.
  if (!button.action_id.empty()) element["action_id"] = button.action_id;
  if (!button.url.empty()) element["url"] = button.url;
  if (!button.value.empty()) element["value"] = button.value;
  if (button.style == ButtonStyle::primary) element["style"] = "primary";
  if (button.style == ButtonStyle::danger) element["style"] = "danger";
  return element;
}

bool has_action_id(const json& actions_block, std::string_view action_id) {
  const auto* elements = json_field(actions_block, "elements");
  if (action_id.empty() || !elements) return false;
  for (const auto& element : *elements)
    if (json_string(element, "action_id") == action_id) return true;
  return false;
}

// Action ids are kept exactly (they round-trip to the domain), but Slack wants them unique within a block:
// a repeated id, like a 26th button, starts another actions block.
void append_buttons(json& blocks, const std::vector<Button>& buttons) {
  json* current = nullptr;
  for (const auto& button : buttons) {
    if (!current || (*current)["elements"].size() >= kMaxElementsPerActionsBlock ||
        has_action_id(*current, button.action_id)) {
      blocks.push_back({{"type", "actions"}, {"elements", json::array()}});
      current = &blocks.back();
    }
    (*current)["elements"].push_back(button_element(button));
  }
}

json render_blocks(const OutgoingMessage& message) {
  json blocks = json::array();
  if (!message.title.empty()) {
    std::string title = message.title;
    std::replace(title.begin(), title.end(), '\n', ' ');  // a line break would end the bold
    blocks.push_back(section("*" + escape_mrkdwn(title) + "*"));
  }
  for (auto& piece : split_text(escape_mrkdwn(message.text), kMaxSectionBytes))
    blocks.push_back(section(std::move(piece)));
  if (!message.link_url.empty()) blocks.push_back(section("<" + escape_link_target(message.link_url) + ">"));
  if (!message.image_url.empty())
    blocks.push_back({{"type", "image"},
                      {"image_url", message.image_url},
                      {"alt_text", message.title.empty() ? std::string("image") : message.title}});
  append_buttons(blocks, message.buttons);
  if (!message.footer.empty())
    blocks.push_back({{"type", "context"}, {"elements", json::array({mrkdwn(escape_mrkdwn(message.footer))})}});
  return blocks;
}

// text + blocks; `blocks` only when there are any (chat.update sets them itself, to clear old buttons).
json message_payload(const OutgoingMessage& message) {
  json payload{{"text", fallback_text(message)}};
  json blocks = render_blocks(message);
  if (!blocks.empty()) payload["blocks"] = std::move(blocks);
  return payload;
}

std::string method_url(std::string_view api_base_url, std::string_view method) {
  while (api_base_url.ends_with('/')) api_base_url.remove_suffix(1);
  return std::string(api_base_url) + "/" + std::string(method);
}

http::ClientRequest api_request(std::string_view api_base_url, std::string_view token, std::string_view method,
                                const json& body) {
  http::ClientRequest request;
  request.method = "POST";
  request.url = method_url(api_base_url, method);
  request.headers = {{"Authorization", "Bearer " + std::string(token)},
                     {"Content-Type", "application/json; charset=utf-8"}};
  request.body = encoding::dump_json(body);
  return request;
}

}  // namespace

std::string escape_mrkdwn(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string fallback_text(const OutgoingMessage& message) {
  std::string text;
  for (const std::string* part : {&message.title, &message.text, &message.link_url}) {
    if (part->empty()) continue;
    if (!text.empty()) text += '\n';
    text += *part;
  }
  return escape_mrkdwn(text);
}

http::ClientRequest render_post_message(std::string_view api_base_url, std::string_view token, const Destination& to,
                                        const OutgoingMessage& message) {
  json body = message_payload(message);
  body["channel"] = to.channel_id.empty() ? to.user_id : to.channel_id;
  if (!to.thread_id.empty()) body["thread_ts"] = to.thread_id;
  body["unfurl_links"] = false;
  if (!to.delivery_key.empty()) body["metadata"] = delivery_metadata(to.delivery_key);
  return api_request(api_base_url, token, "chat.postMessage", body);
}

http::ClientRequest render_post_ephemeral(std::string_view api_base_url, std::string_view token, const Destination& to,
                                          const OutgoingMessage& message) {
  json body = message_payload(message);
  body["channel"] = to.channel_id;
  body["user"] = to.user_id;
  if (!to.thread_id.empty()) body["thread_ts"] = to.thread_id;
  return api_request(api_base_url, token, "chat.postEphemeral", body);
}

http::ClientRequest render_update(std::string_view api_base_url, std::string_view token, std::string_view channel_id,
                                  std::string_view message_ts, const OutgoingMessage& message) {
  json body = message_payload(message);
  // Always sent: an update without buttons must remove the old ones, which an absent `blocks` would keep.
  if (!body.contains("blocks")) body["blocks"] = json::array();
  body["channel"] = channel_id;
  body["ts"] = message_ts;
  return api_request(api_base_url, token, "chat.update", body);
}

http::ClientRequest render_open_conversation(std::string_view api_base_url, std::string_view token,
                                             std::string_view user_id) {
  return api_request(api_base_url, token, "conversations.open", json{{"users", user_id}});
}

http::ClientRequest render_history(std::string_view api_base_url, std::string_view token, const HistoryPage& page) {
  http::FormFields query{{"channel", page.channel_id}};
  if (!page.thread_ts.empty()) query.emplace_back("ts", page.thread_ts);
  if (!page.oldest.empty()) query.emplace_back("oldest", page.oldest);
  if (!page.cursor.empty()) query.emplace_back("cursor", page.cursor);
  // Without it Slack returns only each message's event_type, not the payload that holds the tag.
  query.emplace_back("include_all_metadata", "true");
  query.emplace_back("limit", std::to_string(page.limit));
  http::ClientRequest request;
  request.method = "GET";
  request.url = method_url(api_base_url, page.thread_ts.empty() ? "conversations.history" : "conversations.replies") +
                "?" + http::encode_form(query);
  request.headers = {{"Authorization", "Bearer " + std::string(token)}};
  return request;
}

http::ClientRequest render_response_url(std::string_view response_url, const OutgoingMessage& message, bool ephemeral) {
  json body = message_payload(message);
  body["response_type"] = ephemeral ? "ephemeral" : "in_channel";
  // A new message: replacing the one holding the buttons is a separate, deliberate choice.
  body["replace_original"] = false;
  http::ClientRequest request;
  request.method = "POST";
  request.url = std::string(response_url);
  request.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  request.body = encoding::dump_json(body);
  return request;
}

}  // namespace ambassador::adapters::slack
