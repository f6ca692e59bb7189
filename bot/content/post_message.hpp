#pragma once
// How a suggested post looks in chat: for a department channel (same for everyone, with a button to get
// one's own share links) and for one ambassador (personal tracked share links as link buttons).
#include <string>

#include "bot/i18n/catalog.hpp"
#include "bot/outgoing_message.hpp"
#include "storage/post_repository.hpp"

namespace ambassador::content {

// Button actions the post messages carry; values are "p<post id>" (short: Telegram allows 64 bytes).
inline constexpr const char* kActionShareLinks = "share.links";
inline constexpr const char* kActionShareConfirm = "share.confirm";
inline constexpr const char* kActionSkip = "post.skip";

std::string post_button_value(std::int64_t post_id);
std::optional<std::int64_t> post_id_from_button(std::string_view value);

OutgoingMessage channel_post_message(const storage::PostRecord& post, i18n::Language language);

struct PersonalLinks {
  std::string linkedin, x, facebook;  // {base}/s/{token} per network
};
// The answer to "my share links" in a channel: the links and the text to copy, without the whole post again.
OutgoingMessage share_links_message(const storage::PostRecord& post, const PersonalLinks& links,
                                    i18n::Language language);
OutgoingMessage personal_post_message(const storage::PostRecord& post, const PersonalLinks& links,
                                      i18n::Language language);

}  // namespace ambassador::content
