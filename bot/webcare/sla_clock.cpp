#include "bot/webcare/sla_clock.hpp"

#include <algorithm>

namespace ambassador::webcare {
namespace {

std::int64_t window_minutes(const config::BusinessDuration& window, const BusinessCalendar& calendar) {
  return window.minutes + static_cast<std::int64_t>(window.days) * calendar.minutes_per_day();
}

void update_next_due(storage::QuestionRecord& q) {
  if (q.remind_at_ms && q.due_at_ms)
    q.next_due_ms = std::min(*q.remind_at_ms, *q.due_at_ms);
  else
    q.next_due_ms = q.due_at_ms ? q.due_at_ms : q.remind_at_ms;
}

}  // namespace

const config::SlaConfig& sla_for(const config::WebcareConfig& webcare, std::string_view kind,
                                 std::string_view priority) {
  if (kind == "complaint") return webcare.complaint;
  if (kind == "lead") return webcare.lead;
  if (priority == "high") return webcare.high;
  if (priority == "low") return webcare.low;
  return webcare.normal;
}

const config::BusinessDuration& SlaClock::window_of(std::string_view stage) const {
  return stage == "claim" ? sla_.claim : sla_.answer;
}

void SlaClock::start(storage::QuestionRecord& q, std::int64_t now_ms) const {
  q.clock_started_at_ms = now_ms;
  q.claim_due_ms.reset();
  q.answer_due_ms.reset();
  if (!sla_.claim.none() && q.status == "open") q.claim_due_ms = calendar_.add(now_ms, sla_.claim);
  if (!sla_.answer.none()) q.answer_due_ms = calendar_.add(now_ms, sla_.answer);
  if (q.claim_due_ms)
    watch(q, "claim", now_ms, *q.claim_due_ms, sla_.claim, now_ms);
  else if (q.answer_due_ms)
    watch(q, "answer", now_ms, *q.answer_due_ms, sla_.answer, now_ms);
  else
    stop(q);
}

void SlaClock::claimed(storage::QuestionRecord& q, std::int64_t now_ms) const {
  if (!q.answer_due_ms) return stop(q);
  watch(q, "answer", q.clock_started_at_ms, *q.answer_due_ms, sla_.answer, now_ms);
}

void SlaClock::escalated(storage::QuestionRecord& q, std::int64_t now_ms) const {
  q.escalation_level = std::min(q.escalation_level + 1, kLastEscalationLevel);
  if (q.escalation_level >= kLastEscalationLevel) return stop(q);
  const auto& window = window_of(q.due_stage);
  q.due_at_ms = calendar_.add(now_ms, window);
  if (q.due_stage == "claim") q.claim_due_ms = q.due_at_ms;
  if (q.due_stage == "answer") q.answer_due_ms = q.due_at_ms;
  q.remind_at_ms.reset();  // the escalation itself was the nudge
  update_next_due(q);
}

void SlaClock::stop(storage::QuestionRecord& q) {
  q.due_stage.clear();
  q.due_at_ms.reset();
  q.remind_at_ms.reset();
  q.next_due_ms.reset();
}

void SlaClock::reminded(storage::QuestionRecord& q) {
  q.remind_at_ms.reset();
  update_next_due(q);
}

void SlaClock::watch(storage::QuestionRecord& q, std::string_view stage, std::int64_t window_start_ms,
                     std::int64_t due_ms, const config::BusinessDuration& window, std::int64_t now_ms) const {
  q.due_stage = std::string(stage);
  q.due_at_ms = due_ms;
  const std::int64_t reminder_offset = window_minutes(window, calendar_) * reminder_percent_ / 100;
  const std::int64_t remind_at = calendar_.add_business_minutes(window_start_ms, reminder_offset);
  if (remind_at > now_ms && remind_at < due_ms)
    q.remind_at_ms = remind_at;
  else
    q.remind_at_ms.reset();
  update_next_due(q);
}

}  // namespace ambassador::webcare
