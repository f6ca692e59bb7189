#include "bot/content/post_fanout.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "bot/content/personal_links.hpp"
#include "bot/content/post_message.hpp"
#include "bot/content/time_parsing.hpp"
#include "bot/outbox_writer.hpp"
#include "storage/ambassador_repository.hpp"
#include "storage/directory_repository.hpp"
#include "storage/outbox_repository.hpp"

namespace ambassador::content {
namespace {

bool intersects(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::any_of(a.begin(), a.end(), [&b](const auto& x) { return std::find(b.begin(), b.end(), x) != b.end(); });
}

int minutes_of(const std::string& hh_mm) {
  return hh_mm.size() == 5 ? std::stoi(hh_mm.substr(0, 2)) * 60 + std::stoi(hh_mm.substr(3, 2)) : 0;
}

bool in_quiet_hours(int minute, int start, int end) {
  if (start == end) return false;
  return start < end ? (minute >= start && minute < end) : (minute >= start || minute < end);
}

i18n::Language language_of(const storage::DepartmentRecord& department) {
  return i18n::language_or_default(department.language);
}

std::int64_t direct_messages_between(storage::Connection& db, std::int64_t ambassador_id, std::int64_t from_ms,
                                     std::int64_t to_ms) {
  auto& count = db.prepare(
      "SELECT count(*) FROM outbox WHERE ambassador_id = ? AND post_id IS NOT NULL AND status <> 'cancelled'"
      " AND next_attempt_at >= ? AND next_attempt_at < ?");
  count.bind(1, static_cast<std::int64_t>(ambassador_id));
  count.bind(2, static_cast<std::int64_t>(from_ms));
  count.bind(3, static_cast<std::int64_t>(to_ms));
  count.executeStep();
  return count.getColumn(0).getInt64();
}

}  // namespace

bool suggested_to(const storage::PostRecord& post, std::string_view department_id,
                  const std::vector<std::string>& roles, const std::vector<std::string>& themes) {
  const auto& targets = post.departments;
  if (!targets.empty() && std::find(targets.begin(), targets.end(), department_id) == targets.end()) return false;
  if (!post.roles.empty() && !intersects(post.roles, roles)) return false;
  return post.themes.empty() || intersects(post.themes, themes);
}

PostFanout::PostFanout(const config::Config& config, const Clock& clock, std::string public_base_url)
    : config_(config), clock_(clock), public_base_url_(std::move(public_base_url)) {}

FanoutSummary PostFanout::publish_due(storage::Connection& db, std::size_t limit) {
  FanoutSummary summary;
  storage::PostRepository posts(db);
  const auto now = clock_.now_ms();
  for (const auto& post : posts.due(now, limit)) {
    if (post.expires_at_ms && *post.expires_at_ms <= now) {
      // Its moment passed while the service was down: sending it now would be worse than not at all.
      posts.set_status(post.id, "expired", now);
      ++summary.expired;
      continue;
    }
    fan_out(db, post, summary);
    posts.set_status(post.id, "sending", now);
    ++summary.posts;
  }
  return summary;
}

void PostFanout::fan_out(storage::Connection& db, const storage::PostRecord& post, FanoutSummary& summary) {
  storage::DirectoryRepository directory(db);
  OutboxWriter outbox(db, clock_, config_.delivery);
  std::vector<std::string> departments = post.departments;
  if (departments.empty())
    for (const auto& d : directory.departments()) departments.push_back(d.id);
  for (const auto& department_id : departments) {
    const auto department = directory.department(department_id);
    if (!department) continue;
    const auto message = channel_post_message(post, language_of(*department));
    for (const auto& channel : directory.channels_of_department(department_id, "ambassadors")) {
      Destination to{channel.platform, channel.workspace, channel.channel_id, {}, false, {}, {}};
      const auto key = "post:" + std::to_string(post.id) + ":channel:" + std::to_string(channel.id);
      if (outbox.queue(key, to, message, {post.id, channel.id, std::nullopt})) ++summary.channel_deliveries;
    }
    if (post.direct_messages) direct_messages(db, outbox, post, department_id, summary);
  }
  spdlog::info("post {} '{}': {} channel and {} direct deliveries queued", post.id, post.title,
               summary.channel_deliveries, summary.direct_deliveries);
}

void PostFanout::direct_messages(storage::Connection& db, OutboxWriter& outbox, const storage::PostRecord& post,
                                 const std::string& department_id, FanoutSummary& summary) {
  storage::AmbassadorRepository ambassadors(db);
  const auto department = storage::DirectoryRepository(db).department(department_id);
  if (!department) return;
  const auto now = clock_.now_ms();
  const auto quiet_start = minutes_of(config_.delivery.quiet_hours_start);
  const auto quiet_end = minutes_of(config_.delivery.quiet_hours_end);
  auto send_at = now;
  if (in_quiet_hours(local_day(now, department->time_zone).minute_of_day, quiet_start, quiet_end))
    send_at = next_local_time(now, quiet_end, department->time_zone);
  const auto day = local_day(send_at, department->time_zone);
  for (const auto& ambassador : ambassadors.list_by_department(department_id)) {
    if (!ambassador.active()) continue;
    if (!suggested_to(post, department_id, ambassador.roles, ambassador.themes)) continue;
    if (direct_messages_between(db, ambassador.id, day.midnight_utc_ms, day.next_midnight_utc_ms) >=
        config_.delivery.daily_cap_per_ambassador) {
      ++summary.skipped_capped;
      continue;
    }
    const auto identities = ambassadors.identities(ambassador.id);
    if (identities.empty()) continue;
    const auto& identity = identities.front();
    const auto links = personal_links(db, post, ambassador, public_base_url_, now);
    Destination to{identity.platform, identity.workspace, {}, identity.user_id, false, {}, {}};
    const auto key = "post:" + std::to_string(post.id) + ":dm:" + std::to_string(ambassador.id);
    if (outbox.queue(key, to, personal_post_message(post, links, language_of(*department)),
                     {post.id, std::nullopt, ambassador.id}, send_at))
      ++summary.direct_deliveries;
  }
}

void PostFanout::settle(storage::Connection& db) {
  storage::PostRepository posts(db);
  storage::OutboxRepository outbox(db);
  const auto now = clock_.now_ms();
  for (auto id : posts.settled_sending()) posts.set_status(id, "sent", now);
  for (auto id : posts.expired_since(now)) {
    const int cancelled = outbox.cancel_for_post(id);
    posts.set_status(id, "expired", now);
    if (cancelled > 0) spdlog::info("post {} expired; {} unsent deliveries cancelled", id, cancelled);
  }
}

}  // namespace ambassador::content
