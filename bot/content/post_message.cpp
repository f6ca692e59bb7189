#include "bot/content/post_message.hpp"

#include <charconv>

#include "bot/content/post_input.hpp"

namespace ambassador::content {
namespace {
using i18n::Msg;

std::string post_text(const storage::PostRecord& post, i18n::Language language) {
  std::string text = post.body;
  const auto suggestion = suggested_text(post, "all");
  if (!suggestion.empty()) {
    if (!text.empty()) text += "\n\n";
    text += i18n::translate(language, Msg::post_suggested_text, {{"text", suggestion}});
  }
  if (!text.empty()) text += "\n\n";
  text += i18n::translate(language, Msg::post_personal_note);
  return text;
}

Button action(std::string label, const char* action_id, std::int64_t post_id, ButtonStyle style = ButtonStyle::normal) {
  return Button{std::move(label), {}, action_id, post_button_value(post_id), style};
}

}  // namespace

std::string post_button_value(std::int64_t post_id) { return "p" + std::to_string(post_id); }

std::optional<std::int64_t> post_id_from_button(std::string_view value) {
  if (value.size() < 2 || value.front() != 'p') return std::nullopt;
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(value.data() + 1, value.data() + value.size(), id);
  if (ec != std::errc() || end != value.data() + value.size() || id <= 0) return std::nullopt;
  return id;
}

OutgoingMessage channel_post_message(const storage::PostRecord& post, i18n::Language language) {
  OutgoingMessage message;
  message.title = post.title;
  message.text = post_text(post, language);
  message.link_url = post.link_url;
  message.image_url = post.image_url;
  message.buttons = {action(i18n::translate(language, Msg::button_share_links), kActionShareLinks, post.id, ButtonStyle::primary),
                     action(i18n::translate(language, Msg::button_shared), kActionShareConfirm, post.id),
                     action(i18n::translate(language, Msg::button_skip), kActionSkip, post.id)};
  message.footer = i18n::translate(language, Msg::footer_voluntary);
  return message;
}

namespace {
std::vector<Button> network_buttons(const PersonalLinks& links, i18n::Language language) {
  return {Button{i18n::translate(language, Msg::button_share_linkedin), links.linkedin, {}, {}, ButtonStyle::primary},
          Button{i18n::translate(language, Msg::button_share_x), links.x, {}, {}, ButtonStyle::normal},
          Button{i18n::translate(language, Msg::button_share_facebook), links.facebook, {}, {}, ButtonStyle::normal}};
}
}  // namespace

OutgoingMessage share_links_message(const storage::PostRecord& post, const PersonalLinks& links,
                                    i18n::Language language) {
  OutgoingMessage message;
  message.text = i18n::translate(language, Msg::share_links_intro, {{"title", post.title}});
  const auto suggestion = suggested_text(post, "all");
  if (!suggestion.empty()) message.text += "\n\n" + i18n::translate(language, Msg::post_suggested_text, {{"text", suggestion}});
  message.text += "\n\n" + i18n::translate(language, Msg::post_personal_note);
  message.buttons = network_buttons(links, language);
  message.buttons.push_back(action(i18n::translate(language, Msg::button_shared), kActionShareConfirm, post.id));
  return message;
}

OutgoingMessage personal_post_message(const storage::PostRecord& post, const PersonalLinks& links,
                                      i18n::Language language) {
  OutgoingMessage message;
  message.title = post.title;
  message.text = post_text(post, language);
  message.link_url = post.link_url;
  message.image_url = post.image_url;
  message.buttons = network_buttons(links, language);
  message.buttons.push_back(action(i18n::translate(language, Msg::button_shared), kActionShareConfirm, post.id));
  message.buttons.push_back(action(i18n::translate(language, Msg::button_skip), kActionSkip, post.id));
  message.footer = i18n::translate(language, Msg::footer_voluntary);
  return message;
}

}  // namespace ambassador::content
