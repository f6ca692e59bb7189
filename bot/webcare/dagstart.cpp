#include "bot/webcare/dagstart.hpp"

#include <algorithm>

#include "bot/i18n/catalog.hpp"
#include "bot/webcare/business_calendar.hpp"
#include "storage/directory_repository.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/question_repository.hpp"

namespace ambassador::webcare {
namespace {
using i18n::Msg;
constexpr std::int64_t kDayMs = 24 * 60 * 60 * 1000;

int digest_minute(const std::string& time) { return std::stoi(time.substr(0, 2)) * 60 + std::stoi(time.substr(3, 2)); }

// The dagstart before the one at `today_ms`: the latest earlier working day's digest time.
std::int64_t previous_digest(const BusinessCalendar& calendar, std::int64_t today_ms, int minute) {
  for (int days = 1; days <= 31; ++days) {
    const auto candidate = calendar.next_working_day_at(today_ms - days * kDayMs - kDigestGraceMs, minute);
    if (candidate < today_ms) return candidate;
  }
  return today_ms - kDayMs;
}

std::string department_name(const config::Config& config, const std::string& id) {
  const auto* department = config.find_department(id);
  return department ? department->name : id;
}

OutgoingMessage compose(storage::Connection& db, const config::Config& config, i18n::Language language,
                        const std::string& date, std::int64_t since_ms, std::int64_t now_ms) {
  auto text = [&](Msg msg, const i18n::Args& args = {}) { return i18n::translate(language, msg, args); };
  storage::QuestionRepository questions(db);
  OutgoingMessage message;
  message.title = text(Msg::digest_title, {{"date", date}});
  const auto backlog = questions.backlog("question");
  int open = 0;
  for (const auto& department : backlog) open += department.open;
  std::string body = text(Msg::digest_open, {{"count", open}});
  for (const auto& department : backlog)
    body += "\n" + text(Msg::digest_open_department, {{"department", department_name(config, department.department_id)},
                                                      {"count", department.open},
                                                      {"age", age_text(now_ms - department.oldest_ms)}});
  const auto answered = questions.events_by_department("answered", since_ms, now_ms);
  const auto breaches = questions.events_by_department("escalated", since_ms, now_ms);
  auto total = [](const std::map<std::string, int>& counts) {
    int sum = 0;
    for (const auto& [department, count] : counts) sum += count;
    return sum;
  };
  body += "\n\n" + text(Msg::digest_since, {{"answered", total(answered)}, {"breaches", total(breaches)}});
  for (const auto& [department, count] : breaches)
    body += "\n" + text(Msg::digest_breach_department,
                        {{"department", department_name(config, department)}, {"count", count}});
  const auto topics = questions.top_topics(now_ms - 7 * kDayMs, now_ms, 5);
  if (!topics.empty()) {
    std::string list;
    for (const auto& [topic, count] : topics)
      list += (list.empty() ? "" : ", ") + topic + " (" + std::to_string(count) + ")";
    body += "\n\n" + text(Msg::digest_topics, {{"topics", list}});
  }
  message.text = body;
  return message;
}

}  // namespace

std::string age_text(std::int64_t milliseconds) {
  const std::int64_t minutes = std::max<std::int64_t>(0, milliseconds / 60'000);
  const std::int64_t days = minutes / (24 * 60);
  const std::int64_t hours = minutes % (24 * 60) / 60;
  if (days > 0) return std::to_string(days) + " d " + std::to_string(hours) + " h";
  if (hours > 0) return std::to_string(hours) + " h " + std::to_string(minutes % 60) + " min";
  return std::to_string(minutes) + " min";
}

std::optional<std::int64_t> send_due_digests(storage::Connection& db, const config::Config& config, const Clock& clock,
                                             OutboxWriter& outbox) {
  if (config.webcare.digest_time.empty()) return std::nullopt;
  const int minute = digest_minute(config.webcare.digest_time);
  const auto now = clock.now_ms();
  std::optional<std::int64_t> next;
  for (const auto& channel : storage::DirectoryRepository(db).linked_channels_with_purpose("webcare")) {
    const auto calendar = BusinessCalendar::of_department(config, channel.department_id);
    const auto latest = calendar.next_working_day_at(now - kDigestGraceMs, minute);
    if (latest <= now) {
      const auto* department = config.find_department(channel.department_id);
      const auto language = i18n::language_or_default(department ? department->language : config.organisation.language);
      const std::string date = calendar.local_date(latest);
      Destination to;
      to.platform = channel.platform;
      to.workspace = channel.workspace;
      to.channel_id = channel.channel_id;
      const std::string key = "dagstart:" + std::to_string(channel.id) + ":" + date;
      if (!storage::OutboxRepository(db).has_key(key))
        outbox.queue(key, to, compose(db, config, language, date, previous_digest(calendar, latest, minute), now));
    }
    const auto upcoming = calendar.next_working_day_at(now, minute);
    next = next ? std::min(*next, upcoming) : upcoming;
  }
  return next;
}

}  // namespace ambassador::webcare
