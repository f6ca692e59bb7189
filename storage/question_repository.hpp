#pragma once
// Webcare questions and ambassadors' signals (complaints, leads), with their SLA timers and timeline. The domain
// (bot/webcare) decides every transition; this stores it. All writes run on the writer thread, one at a time, so a
// read-decide-write sequence inside one job cannot interleave with another.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/connection.hpp"

namespace ambassador::storage {

// Someone on a chat platform; all empty when nobody (a question from the API without an owner).
struct Person {
  std::string platform, workspace, user_id, name;
  bool empty() const { return user_id.empty(); }
  bool same_as(const Person& other) const {
    return platform == other.platform && workspace == other.workspace && user_id == other.user_id;
  }
};

struct ChannelAddress {
  std::string platform, workspace, channel_id;
  bool empty() const { return channel_id.empty(); }
};

struct QuestionRecord {
  std::int64_t id = 0;
  std::string reference;          // "W-2027-0042"
  std::string kind = "question";  // question, complaint, lead
  std::string source = "other";   // x, facebook, instagram, linkedin, web, phone, email, other
  std::string link;
  std::string text;         // as typed, with personal data: only for the owner and the claimant
  std::string masked_text;  // what group channels see
  std::string topic, theme;
  std::string department_id;
  std::string priority = "normal";  // high, normal, low
  std::string status = "open";      // open, claimed, answered, closed
  Person owner;
  ChannelAddress origin;  // where it was asked (a webcare channel) or reported
  Person claimant;
  std::optional<std::int64_t> claimed_at_ms;
  std::string answer, masked_answer, answered_by;
  std::optional<std::int64_t> answered_at_ms;
  std::int64_t created_at_ms = 0;
  std::int64_t clock_started_at_ms = 0;  // the SLA clock's start: intake, a send-back or a re-route
  std::optional<std::int64_t> claim_due_ms, answer_due_ms;
  std::string due_stage;                     // the deadline being watched: "claim", "answer" or "" (none)
  std::optional<std::int64_t> due_at_ms;     // that deadline
  std::optional<std::int64_t> remind_at_ms;  // its one reminder, until sent
  std::optional<std::int64_t> next_due_ms;   // min(remind_at, due_at): when the timer must look at it
  int escalation_level = 0;                  // 0 none, 1 backup contacts, 2 lead
  std::optional<std::int64_t> closed_at_ms, purged_at_ms;
  std::string request_key;  // the API caller's Idempotency-Key (with the caller's name): a retry finds this row
};

struct QuestionEvent {
  std::int64_t at_ms = 0;
  std::string kind;  // created, routed, rerouted, reminded, claimed, answered, sent_back, escalated, closed, purged
  std::string actor;
  std::string detail;
};

struct QuestionFilter {
  std::string status, department_id, kind;
  std::optional<std::int64_t> from_ms, to_ms;  // created_at in [from, to)
  std::size_t limit = 200;
};

// Questions answered in a span: each question's first answer; within the SLA when no deadline was missed before it.
struct WebcareAnswers {
  std::int64_t answered = 0;
  std::int64_t within_sla = 0;
};

struct DepartmentBacklog {
  std::string department_id;
  int open = 0;                // not yet answered or closed
  std::int64_t oldest_ms = 0;  // created_at of the oldest
};

class QuestionRepository {
 public:
  explicit QuestionRepository(Connection& connection) : db_(connection) {}

  // The next number for `prefix` in `year`: 1, 2, ... Counted in the same transaction as the insert.
  int next_number(std::string_view prefix, int year);
  std::int64_t insert(const QuestionRecord& question);
  // Writes every field the domain changes (not id, reference, kind, created_at).
  void update(const QuestionRecord& question);
  // Claims an open question for `claimant`. False when it was not open (claimed already, answered, closed).
  bool claim(std::int64_t id, const Person& claimant, std::int64_t now_ms);
  std::optional<QuestionRecord> find(std::int64_t id);
  std::optional<QuestionRecord> find_by_reference(std::string_view reference);
  std::optional<QuestionRecord> find_by_request_key(std::string_view request_key);
  std::vector<QuestionRecord> list(const QuestionFilter& filter);

  // Questions whose timer is due at `now_ms`, earliest first.
  std::vector<QuestionRecord> due(std::int64_t now_ms, std::size_t limit);
  std::optional<std::int64_t> earliest_due();
  // Looks at the question again at `at_ms`, leaving its deadlines as they are (a step that failed).
  void postpone(std::int64_t id, std::int64_t at_ms);

  std::int64_t add_event(std::int64_t question_id, std::int64_t at_ms, std::string_view kind, std::string_view actor,
                         std::string_view detail, std::string_view department_id);
  std::vector<QuestionEvent> events(std::int64_t question_id);

  // For /metrics and the daily digest.
  std::vector<DepartmentBacklog> backlog(std::string_view kind);
  std::map<std::string, int> events_by_department(std::string_view event_kind, std::int64_t from_ms,
                                                  std::int64_t to_ms);
  std::map<std::string, int> breaches_by_department();  // since the beginning
  // Questions (not complaints) first answered in [from, to), of one department or, with "", of all.
  WebcareAnswers answered_in(std::int64_t from_ms, std::int64_t to_ms, std::string_view department_id);
  std::vector<std::pair<std::string, int>> top_topics(std::int64_t from_ms, std::int64_t to_ms, std::size_t limit);

  // Drops the texts (question, answer, link, timeline details) of questions closed before `before_ms`; the row
  // stays for the counts. Returns how many were purged.
  int purge_closed_before(std::int64_t before_ms, std::int64_t now_ms, std::size_t limit);

 private:
  Connection& db_;
};

}  // namespace ambassador::storage
