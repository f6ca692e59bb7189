#include "bot/content/content_commands.hpp"

#include "bot/content/personal_links.hpp"
#include "bot/content/post_message.hpp"
#include "storage/idea_repository.hpp"
#include "storage/post_repository.hpp"
#include "storage/tracking_repository.hpp"

namespace ambassador::content {
namespace {
using i18n::Msg;
constexpr std::size_t kMaxIdeaBytes = 2000;

// The post a button refers to, while ambassadors may still act on it; replies and returns nullopt otherwise.
std::optional<storage::PostRecord> live_post(Conversation& c) {
  auto id = post_id_from_button(c.event().action_value);
  auto post = id ? storage::PostRepository(c.db()).find(*id) : std::nullopt;
  if (!post || post->status == "cancelled" || post->status == "expired" || post->status == "draft") {
    c.reply(Msg::post_unavailable);
    return std::nullopt;
  }
  return post;
}

std::optional<storage::AmbassadorRecord> registered(Conversation& c) {
  auto ambassador = c.ambassador();
  if (!ambassador) c.reply(Msg::not_registered);
  return ambassador;
}

void share_links(Conversation& c, const std::string& base_url) {
  auto post = live_post(c);
  if (!post) return;
  auto ambassador = registered(c);
  if (!ambassador) return;
  const auto links = personal_links(c.db(), *post, *ambassador, base_url, c.clock().now_ms());
  c.reply(share_links_message(*post, links, c.language()));
}

void share_confirm(Conversation& c) {
  auto post = live_post(c);
  if (!post) return;
  auto ambassador = registered(c);
  if (!ambassador) return;
  const bool counted = storage::TrackingRepository(c.db()).confirm_share(post->id, ambassador->id,
                                                                         ambassador->department_id, c.clock().now_ms());
  c.reply(counted ? Msg::share_thanks : Msg::share_already);
}

void skip(Conversation& c) {
  auto post = live_post(c);
  if (!post) return;
  if (auto ambassador = c.ambassador())
    storage::TrackingRepository(c.db()).record_reaction(post->id, ambassador->id, "skipped", c.clock().now_ms());
  c.reply(Msg::skip_ok);  // no follow-up, no "are you sure": sharing is never an obligation
}

void idea(const Command& command, Conversation& c) {
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

void stats(const Command&, Conversation& c) {
  auto ambassador = registered(c);
  if (!ambassador) return;
  const auto mine = storage::TrackingRepository(c.db()).personal_stats(ambassador->id);
  if (mine.shares == 0) return c.reply(Msg::stats_none);
  c.reply(Msg::stats_personal, {{"count", mine.shares}, {"clicks", mine.clicks}});
}

}  // namespace

void register_content_commands(EventDispatcher& dispatcher, std::string public_base_url) {
  dispatcher.on_action(kActionShareLinks, [base = std::move(public_base_url)](Conversation& c) { share_links(c, base); });
  dispatcher.on_action(kActionShareConfirm, share_confirm);
  dispatcher.on_action(kActionSkip, skip);
  dispatcher.on_command(CommandName::idea, idea);
  dispatcher.on_command(CommandName::stats, stats);
}

}  // namespace ambassador::content
