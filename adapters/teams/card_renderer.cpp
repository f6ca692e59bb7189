#include "adapters/teams/card_renderer.hpp"

#include "adapters/teams/conventions.hpp"

namespace ambassador::adapters::teams {
namespace {

using nlohmann::json;

bool has_visible(std::string_view text) { return text.find_first_not_of(" \t\r\n") != std::string_view::npos; }

json text_run(const std::string& text) { return {{"type", "TextRun"}, {"text", text}}; }

json rich_text(json run) { return {{"type", "RichTextBlock"}, {"inlines", json::array({std::move(run)})}}; }

json open_url(const std::string& url) { return {{"type", "Action.OpenUrl"}, {"url", url}}; }

json action(const Button& button) {
  json rendered;
  if (!button.url.empty()) {
    rendered = open_url(button.url);
  } else {
    rendered = {{"type", "Action.Submit"},
                {"data", {{std::string(kActionKey), button.action_id}, {std::string(kValueKey), button.value}}}};
  }
  rendered["title"] = button.label;
  if (button.style == ButtonStyle::primary) rendered["style"] = "positive";
  if (button.style == ButtonStyle::danger) rendered["style"] = "destructive";
  return rendered;
}

json card_body(const OutgoingMessage& message) {
  json body = json::array();
  if (has_visible(message.title)) {
    json title = text_run(message.title);
    title["weight"] = "bolder";
    title["size"] = "medium";
    body.push_back(rich_text(std::move(title)));
  }
  if (has_visible(message.text)) body.push_back(rich_text(text_run(message.text)));
  if (has_visible(message.link_url)) {
    json link = text_run(message.link_url);
    link["selectAction"] = open_url(message.link_url);
    body.push_back(rich_text(std::move(link)));
  }
  if (!message.image_url.empty())
    body.push_back({{"type", "Image"},
                    {"url", message.image_url},
                    {"altText", has_visible(message.title) ? message.title : std::string("image")}});
  if (has_visible(message.footer)) {
    json footer = text_run(message.footer);
    footer["size"] = "small";
    footer["isSubtle"] = true;
    body.push_back(rich_text(std::move(footer)));
  }
  return body;
}

json adaptive_card(const OutgoingMessage& message) {
  json card{{"type", "AdaptiveCard"},
            {"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
            {"version", kAdaptiveCardVersion},
            {"body", card_body(message)},
            {"fallbackText", fallback_text(message)}};
  if (!message.buttons.empty()) {
    json actions = json::array();
    for (const auto& button : message.buttons) actions.push_back(action(button));
    card["actions"] = std::move(actions);
  }
  return card;
}

}  // namespace

bool is_empty(const OutgoingMessage& message) {
  return !has_visible(message.title) && !has_visible(message.text) && !has_visible(message.link_url) &&
         message.image_url.empty() && !has_visible(message.footer) && message.buttons.empty();
}

bool is_plain(const OutgoingMessage& message) {
  return !has_visible(message.title) && !has_visible(message.link_url) && message.image_url.empty() &&
         !has_visible(message.footer) && message.buttons.empty();
}

std::string fallback_text(const OutgoingMessage& message) {
  std::string text;
  for (const std::string* part : {&message.title, &message.text, &message.link_url}) {
    if (!has_visible(*part)) continue;
    if (!text.empty()) text += '\n';
    text += *part;
  }
  return text;
}

json render_activity(const OutgoingMessage& message) {
  if (is_plain(message)) return {{"type", "message"}, {"text", message.text}, {"textFormat", "plain"}};
  return {
      {"type", "message"},
      {"summary", fallback_text(message)},
      {"attachments", json::array({{{"contentType", kAdaptiveCardContentType}, {"content", adaptive_card(message)}}})}};
}

}  // namespace ambassador::adapters::teams
