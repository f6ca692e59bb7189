#pragma once
// The SLA arithmetic of one question: which deadline is being watched, when its one reminder fires and what the
// timer does after a missed deadline. Deadlines count business time in the department's calendar, so a question
// asked on Friday evening is due on Monday. Pure: it only fills in the record's timer fields.
#include <cstdint>

#include "bot/webcare/business_calendar.hpp"
#include "config/config.hpp"
#include "storage/question_repository.hpp"

namespace ambassador::webcare {

// Escalation levels: 1 the department's backup contacts, 2 its lead. Nothing is escalated past the lead.
inline constexpr int kLastEscalationLevel = 2;

const config::SlaConfig& sla_for(const config::WebcareConfig& webcare, std::string_view kind,
                                 std::string_view priority);

class SlaClock {
 public:
  SlaClock(const config::SlaConfig& sla, const BusinessCalendar& calendar, int reminder_percent)
      : sla_(sla), calendar_(calendar), reminder_percent_(reminder_percent) {}

  // (Re)starts the clock at `now_ms` (intake, a follow-up, a re-route): both deadlines from now; an unclaimed
  // question watches its claim deadline first, a claimed one (or one without a claim deadline) the answer's.
  void start(storage::QuestionRecord& question, std::int64_t now_ms) const;
  // After a claim: the answer deadline, set at start(), is watched; its reminder only if still ahead.
  void claimed(storage::QuestionRecord& question, std::int64_t now_ms) const;
  // The watched deadline passed and was escalated one level: the next level gets a fresh window of the same
  // length from now, and nothing more is watched after the last level.
  void escalated(storage::QuestionRecord& question, std::int64_t now_ms) const;
  // Answered or closed: nothing left to watch.
  static void stop(storage::QuestionRecord& question);
  // The reminder went out: only the deadline is left.
  static void reminded(storage::QuestionRecord& question);

 private:
  void watch(storage::QuestionRecord& question, std::string_view stage, std::int64_t window_start_ms,
             std::int64_t due_ms, const config::BusinessDuration& window, std::int64_t now_ms) const;
  const config::BusinessDuration& window_of(std::string_view stage) const;

  const config::SlaConfig& sla_;
  const BusinessCalendar& calendar_;
  int reminder_percent_;
};

}  // namespace ambassador::webcare
