#include "bot/rhythm/weekly_digest.hpp"

#include <algorithm>

#include "bot/content/post_fanout.hpp"
#include "bot/rhythm/digest_schedule.hpp"
#include "storage/digest_repository.hpp"
#include "storage/post_repository.hpp"

namespace ambassador::rhythm {
namespace {
using i18n::Msg;

std::int64_t count_of(const std::map<std::int64_t, std::int64_t>& counts, std::int64_t id) {
  const auto found = counts.find(id);
  return found == counts.end() ? 0 : found->second;
}

// The week's published suggestions still standing (not expired since).
std::vector<storage::PostRecord> posts_of(storage::Connection& db, const DigestSlot& slot, std::int64_t now_ms) {
  storage::PostRepository posts(db);
  std::vector<storage::PostRecord> found;
  for (const auto id : storage::DigestRepository(db).published_posts(slot.from_ms, slot.to_ms)) {
    auto post = posts.find(id);
    if (post && !(post->expires_at_ms && *post->expires_at_ms <= now_ms)) found.push_back(std::move(*post));
  }
  return found;
}

// One batch of a department's pass: returns how many ambassadors it looked at.
std::size_t digest_batch(storage::Connection& db, const config::Config& config,
                         const config::DepartmentConfig& department, const DigestSchedule& schedule,
                         const DigestSlot& slot, std::int64_t cursor, std::size_t budget, std::int64_t now_ms,
                         OutboxWriter& outbox, DigestProgress& progress) {
  storage::DigestRepository repository(db);
  const auto recipients = repository.recipients(department.id, cursor, budget);
  if (recipients.empty()) {
    repository.save_run("weekly", department.id, slot.period, cursor, now_ms);
    return 0;
  }
  const auto up_to = recipients.back().id;
  const auto posts = posts_of(db, slot, now_ms);
  std::vector<std::int64_t> post_ids;
  for (const auto& post : posts) post_ids.push_back(post.id);
  const auto acted = repository.acted_on(post_ids, department.id, cursor, up_to);
  const auto shares = repository.shares_by_ambassador(department.id, cursor, up_to, slot.from_ms, slot.to_ms);
  const auto clicks = repository.clicks_by_ambassador(department.id, cursor, up_to, slot.from_ms, slot.to_ms);
  const auto kudos = repository.kudos_by_ambassador(department.id, cursor, up_to, slot.from_ms, slot.to_ms);
  const auto language = department_language(config, department);
  const auto send_at = schedule.allowed_from(now_ms);
  for (const auto& recipient : recipients) {
    if (recipient.opted_out || recipient.weekly_off || !recipient.identity) continue;
    WeeklyDigestContent digest;
    for (const auto& post : posts)
      if (content::suggested_to(post, department.id, recipient.roles, recipient.themes) &&
          !acted.contains({post.id, recipient.id}))
        digest.waiting.push_back({post.title, post.link_url});
    digest.shares = count_of(shares, recipient.id);
    digest.clicks = count_of(clicks, recipient.id);
    digest.kudos = count_of(kudos, recipient.id);
    if (digest.empty()) continue;
    const auto& identity = *recipient.identity;
    const Destination to{identity.platform, identity.workspace, {}, identity.user_id, false, {}, {}, {}, {}};
    const auto key = "digest:weekly:" + std::to_string(recipient.id) + ":" + slot.period;
    if (outbox.queue(key, to, render_weekly_digest(digest, language, slot.period),
                     {std::nullopt, std::nullopt, recipient.id}, send_at))
      ++progress.queued;
  }
  const bool last = recipients.size() < budget;
  repository.save_run("weekly", department.id, slot.period, up_to, last ? std::optional(now_ms) : std::nullopt);
  return recipients.size();
}

}  // namespace

i18n::Language department_language(const config::Config& config, const config::DepartmentConfig& department) {
  return i18n::language_or_default(department.language.empty() ? config.organisation.language : department.language);
}

OutgoingMessage render_weekly_digest(const WeeklyDigestContent& content, i18n::Language language,
                                     std::string_view week) {
  auto text = [&](Msg msg, const i18n::Args& args = {}) { return i18n::translate(language, msg, args); };
  OutgoingMessage message;
  message.title = text(Msg::weekly_digest_title, {{"week", week}});
  std::string body;
  if (!content.waiting.empty()) {
    body = text(Msg::weekly_digest_posts, {{"count", content.waiting.size()}});
    const auto listed = std::min(content.waiting.size(), kDigestPostsListed);
    for (std::size_t i = 0; i < listed; ++i)
      body += "\n" +
              text(Msg::weekly_digest_post, {{"title", content.waiting[i].title}, {"link", content.waiting[i].link}});
    if (content.waiting.size() > listed)
      body += "\n" + text(Msg::weekly_digest_more, {{"count", content.waiting.size() - listed}});
  }
  if (content.shares > 0 || content.clicks > 0)
    body += (body.empty() ? "" : "\n\n") +
            text(Msg::weekly_digest_activity, {{"shares", content.shares}, {"clicks", content.clicks}});
  if (content.kudos > 0)
    body += (body.empty() ? "" : "\n\n") + text(Msg::weekly_digest_kudos, {{"count", content.kudos}});
  message.text = body;
  message.footer = text(Msg::weekly_digest_footer);
  return message;
}

DigestProgress send_due_weekly_digests(storage::Connection& db, const config::Config& config, const Clock& clock,
                                       OutboxWriter& outbox, std::size_t budget) {
  DigestProgress progress;
  if (!config.digests.weekly_enabled) return progress;
  const auto now = clock.now_ms();
  storage::DigestRepository repository(db);
  for (const auto& department : config.departments) {
    const DigestSchedule schedule(config, department.id);
    const auto next = schedule.next_due(DigestKind::weekly, now);
    progress.next_due_ms = progress.next_due_ms ? std::min(*progress.next_due_ms, next) : next;
    const auto slot = schedule.due(DigestKind::weekly, now);
    if (!slot) continue;
    const auto run = repository.run("weekly", department.id, slot->period);
    if (run.finished) continue;
    if (budget == 0) {
      progress.more = true;
      continue;
    }
    budget -= digest_batch(db, config, department, schedule, *slot, run.cursor, budget, now, outbox, progress);
    // A batch that used the whole budget may have left ambassadors of this department.
    if (budget == 0) progress.more = true;
  }
  return progress;
}

}  // namespace ambassador::rhythm
