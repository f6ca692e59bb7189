#include "bot/rhythm/department_report.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "bot/rhythm/digest_schedule.hpp"
#include "bot/rhythm/weekly_digest.hpp"
#include "config/person_address.hpp"
#include "storage/ambassador_repository.hpp"

namespace ambassador::rhythm {
namespace {
using i18n::Msg;

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// The lead to message, unless the address is unusable or the lead opted out of everything the bot sends.
std::optional<Destination> lead_of(storage::Connection& db, const config::DepartmentConfig& department) {
  std::string why;
  const auto address = config::parse_person_address(department.lead, why);
  if (!address) {
    spdlog::warn("digests: the lead of department {} is not a person address ({})", department.id, why);
    return std::nullopt;
  }
  const auto known =
      storage::AmbassadorRepository(db).find_by_identity({address->platform, address->workspace, address->user_id});
  if (known && !known->active()) return std::nullopt;
  Destination to;
  to.platform = address->platform;
  to.workspace = address->workspace;
  to.user_id = address->user_id;
  return to;
}

}  // namespace

OutgoingMessage render_department_report(const storage::DepartmentFigures& figures, i18n::Language language,
                                         std::string_view department_name, std::string_view month) {
  auto text = [&](Msg msg, const i18n::Args& args = {}) { return i18n::translate(language, msg, args); };
  OutgoingMessage message;
  message.title = text(Msg::report_title, {{"department", department_name}, {"month", month}});
  std::string body =
      text(Msg::report_figures, {{"active", figures.active}, {"shares", figures.shares}, {"clicks", figures.clicks}});
  body +=
      "\n" + text(Msg::report_questions, {{"answered", figures.answered}, {"within_sla", figures.answered_within_sla}});
  if (!figures.new_names.empty())
    body += "\n" + text(Msg::report_new, {{"count", figures.new_names.size()}, {"names", joined(figures.new_names)}});
  body += "\n" + (figures.inactive_names.empty()
                      ? text(Msg::report_inactive_none)
                      : text(Msg::report_inactive,
                             {{"count", figures.inactive_names.size()}, {"names", joined(figures.inactive_names)}}));
  message.text = body;
  return message;
}

std::optional<std::int64_t> send_due_department_reports(storage::Connection& db, const config::Config& config,
                                                        const Clock& clock, OutboxWriter& outbox) {
  if (!config.digests.monthly_enabled) return std::nullopt;
  const auto now = clock.now_ms();
  storage::DigestRepository repository(db);
  std::optional<std::int64_t> next;
  for (const auto& department : config.departments) {
    if (department.lead.empty()) continue;
    const DigestSchedule schedule(config, department.id);
    const auto upcoming = schedule.next_due(DigestKind::monthly, now);
    next = next ? std::min(*next, upcoming) : upcoming;
    const auto slot = schedule.due(DigestKind::monthly, now);
    if (!slot || repository.run("monthly", department.id, slot->period).finished) continue;
    // Decided once for the month: a report nobody may get now is not sent later either.
    repository.save_run("monthly", department.id, slot->period, 0, now);
    const auto to = lead_of(db, department);
    if (!to || !repository.has_ambassadors(department.id, slot->to_ms)) continue;
    const auto figures =
        repository.department_figures(department.id, slot->from_ms, slot->to_ms, slot->to_ms - kInactiveAfterMs);
    outbox.queue(
        "report:monthly:" + department.id + ":" + slot->period, *to,
        render_department_report(figures, department_language(config, department), department.name, slot->period), {},
        schedule.allowed_from(now));
  }
  return next;
}

}  // namespace ambassador::rhythm
