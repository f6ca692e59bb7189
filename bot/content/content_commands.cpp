#include "bot/content/content_commands.hpp"

#include "bot/content/personal_links.hpp"
#include "bot/content/post_message.hpp"
#include "storage/idea_repository.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/post_repository.hpp"
#include "storage/tracking_repository.hpp"

namespace ambassador::content {
namespace {
using i18n::Msg;
constexpr std::size_t kMaxIdeaBytes = 2000;

// The post a button refers to, if the person pressing it may act on it: published, not withdrawn, and delivered
// where they can see it — the channel the button was pressed in, their direct messages, or their department's
// channel (the follow-up buttons of a private answer, e.g. a Telegram reply sent to the private chat, are pressed
// away from the post). A forged value naming a scheduled post, another department's post or no post at all gets
// the same answer, so it learns nothing. Replies and returns nullopt when the post is not available.
std::optional<storage::PostRecord> live_post(Conversation& c, const std::optional<storage::AmbassadorRecord>& presser) {
  auto id = post_id_from_button(c.event().action_value);
  auto post = id ? storage::PostRepository(c.db()).find(*id) : std::nullopt;
  const bool published = post && (post->status == "sending" || post->status == "sent");
  storage::PostReader reader;
  if (c.channel()) reader.channel_ref = c.channel()->id;
  if (presser) {
    reader.ambassador_id = presser->id;
    reader.department_id = presser->department_id;
  }
  if (!published || !storage::OutboxRepository(c.db()).post_reached(post->id, reader)) {
    c.reply(Msg::post_unavailable);
    return std::nullopt;
  }
  return post;
}

void share_links(Conversation& c, const std::string& base_url) {
  const auto ambassador = c.ambassador();
  auto post = live_post(c, ambassador);
  if (!post) return;
  if (!ambassador) return c.reply(Msg::not_registered);
  const auto links = personal_links(c.db(), *post, *ambassador, base_url, c.clock().now_ms());
  c.reply(share_links_message(*post, links, c.language()));
}

void share_confirm(Conversation& c) {
  const auto ambassador = c.ambassador();
  auto post = live_post(c, ambassador);
  if (!post) return;
  if (!ambassador) return c.reply(Msg::not_registered);
  const bool counted = storage::TrackingRepository(c.db()).confirm_share(post->id, ambassador->id,
                                                                         ambassador->department_id, c.clock().now_ms());
  c.reply(counted ? Msg::share_thanks : Msg::share_already);
}

void skip(Conversation& c) {
  const auto ambassador = c.ambassador();
  auto post = live_post(c, ambassador);
  if (!post) return;
  if (ambassador)
    storage::TrackingRepository(c.db()).record_reaction(post->id, ambassador->id, "skipped", c.clock().now_ms());
  c.reply(Msg::skip_ok);  // no follow-up, no "are you sure": sharing is never an obligation
}

}  // namespace

void submit_idea(const Command& command, Conversation& c) {
  if (command.args.empty()) return c.reply(Msg::idea_empty);
  if (command.args.size() > kMaxIdeaBytes) return c.reply(Msg::idea_too_long, {{"max", kMaxIdeaBytes}});
  const auto& event = c.event();
  storage::IdeaRecord record;
  if (auto ambassador = c.ambassador()) record.ambassador_id = ambassador->id;
  record.platform = event.platform;
  record.workspace = event.workspace;
  record.user_id = event.user_id;
  record.channel_id = event.channel_id;
  record.direct = event.direct;
  record.text = command.args;
  record.created_at_ms = c.clock().now_ms();
  storage::IdeaRepository(c.db()).insert(record);
  c.reply(Msg::idea_received);
}

void register_content_commands(EventDispatcher& dispatcher, std::string public_base_url) {
  dispatcher.on_action(kActionShareLinks,
                       [base = std::move(public_base_url)](Conversation& c) { share_links(c, base); });
  dispatcher.on_action(kActionShareConfirm, share_confirm);
  dispatcher.on_action(kActionSkip, skip);
  dispatcher.on_command(CommandName::idea, submit_idea);
}

}  // namespace ambassador::content
