#include "storage/question_repository.hpp"

#include "storage/sql_values.hpp"

namespace ambassador::storage {
namespace {

constexpr const char* kColumns =
    "SELECT id, reference, kind, source, link, text, masked_text, topic, theme, department_id, priority, status,"
    " owner_platform, owner_workspace, owner_user_id, owner_name, origin_platform, origin_workspace,"
    " origin_channel_id, claimant_platform, claimant_workspace, claimant_user_id, claimant_name, claimed_at,"
    " answer, masked_answer, answered_by, answered_at, created_at, clock_started_at, claim_due_at, answer_due_at,"
    " due_stage, due_at, remind_at, next_due_at, escalation_level, closed_at, purged_at FROM questions ";

// Purged texts read as empty strings: the domain treats "" as "not there".
std::string text_of(const Column& column) { return column.isNull() ? std::string{} : column.getString(); }

QuestionRecord read_row(Statement& row) {
  QuestionRecord q;
  int i = 0;
  auto next = [&]() { return row.getColumn(i++); };
  q.id = next().getInt64();
  q.reference = next().getString();
  q.kind = next().getString();
  q.source = next().getString();
  q.link = text_of(next());
  q.text = text_of(next());
  q.masked_text = text_of(next());
  q.topic = next().getString();
  q.theme = next().getString();
  q.department_id = next().getString();
  q.priority = next().getString();
  q.status = next().getString();
  q.owner = {next().getString(), next().getString(), next().getString(), next().getString()};
  q.origin = {next().getString(), next().getString(), next().getString()};
  q.claimant = {next().getString(), next().getString(), next().getString(), next().getString()};
  q.claimed_at_ms = optional_int(next());
  q.answer = text_of(next());
  q.masked_answer = text_of(next());
  q.answered_by = next().getString();
  q.answered_at_ms = optional_int(next());
  q.created_at_ms = next().getInt64();
  q.clock_started_at_ms = next().getInt64();
  q.claim_due_ms = optional_int(next());
  q.answer_due_ms = optional_int(next());
  q.due_stage = next().getString();
  q.due_at_ms = optional_int(next());
  q.remind_at_ms = optional_int(next());
  q.next_due_ms = optional_int(next());
  q.escalation_level = next().getInt();
  q.closed_at_ms = optional_int(next());
  q.purged_at_ms = optional_int(next());
  return q;
}

std::vector<QuestionRecord> read_all(Statement& select) {
  std::vector<QuestionRecord> out;
  while (select.executeStep()) out.push_back(read_row(select));
  return out;
}

void bind_text_or_null(Statement& statement, int index, const std::string& text) {
  text.empty() ? statement.bind(index) : statement.bind(index, text);
}

}  // namespace

int QuestionRepository::next_number(std::string_view prefix, int year) {
  auto& upsert = db_.prepare(
      "INSERT INTO reference_counters(prefix, year, last) VALUES (?1, ?2, 1)"
      " ON CONFLICT (prefix, year) DO UPDATE SET last = reference_counters.last + 1 RETURNING last");
  upsert.bind(1, std::string(prefix));
  upsert.bind(2, year);
  upsert.executeStep();
  const int number = upsert.getColumn(0).getInt();
  upsert.reset();
  return number;
}

std::int64_t QuestionRepository::insert(const QuestionRecord& q) {
  auto& insert = db_.prepare(
      "INSERT INTO questions(reference, kind, source, department_id, created_at, clock_started_at, request_key)"
      " VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, q.reference);
  insert.bind(2, q.kind);
  insert.bind(3, q.source);
  insert.bind(4, q.department_id);
  insert.bind(5, static_cast<std::int64_t>(q.created_at_ms));
  insert.bind(6, static_cast<std::int64_t>(q.clock_started_at_ms));
  bind_text_or_null(insert, 7, q.request_key);
  insert.exec();
  QuestionRecord stored = q;
  stored.id = db_.last_insert_id();
  update(stored);
  return stored.id;
}

void QuestionRepository::update(const QuestionRecord& q) {
  auto& update = db_.prepare(
      "UPDATE questions SET source = ?, link = ?, text = ?, masked_text = ?, topic = ?, theme = ?, department_id = ?,"
      " priority = ?, status = ?, owner_platform = ?, owner_workspace = ?, owner_user_id = ?, owner_name = ?,"
      " origin_platform = ?, origin_workspace = ?, origin_channel_id = ?, claimant_platform = ?,"
      " claimant_workspace = ?, claimant_user_id = ?, claimant_name = ?, claimed_at = ?, answer = ?,"
      " masked_answer = ?, answered_by = ?, answered_at = ?, clock_started_at = ?, claim_due_at = ?,"
      " answer_due_at = ?, due_stage = ?, due_at = ?, remind_at = ?, next_due_at = ?, escalation_level = ?,"
      " closed_at = ? WHERE id = ?");
  int i = 1;
  update.bind(i++, q.source);
  bind_text_or_null(update, i++, q.link);
  bind_text_or_null(update, i++, q.text);
  bind_text_or_null(update, i++, q.masked_text);
  update.bind(i++, q.topic);
  update.bind(i++, q.theme);
  update.bind(i++, q.department_id);
  update.bind(i++, q.priority);
  update.bind(i++, q.status);
  for (const Person* p : {&q.owner}) {
    update.bind(i++, p->platform);
    update.bind(i++, p->workspace);
    update.bind(i++, p->user_id);
    update.bind(i++, p->name);
  }
  update.bind(i++, q.origin.platform);
  update.bind(i++, q.origin.workspace);
  update.bind(i++, q.origin.channel_id);
  update.bind(i++, q.claimant.platform);
  update.bind(i++, q.claimant.workspace);
  update.bind(i++, q.claimant.user_id);
  update.bind(i++, q.claimant.name);
  bind_optional(update, i++, q.claimed_at_ms);
  bind_text_or_null(update, i++, q.answer);
  bind_text_or_null(update, i++, q.masked_answer);
  update.bind(i++, q.answered_by);
  bind_optional(update, i++, q.answered_at_ms);
  update.bind(i++, static_cast<std::int64_t>(q.clock_started_at_ms));
  bind_optional(update, i++, q.claim_due_ms);
  bind_optional(update, i++, q.answer_due_ms);
  update.bind(i++, q.due_stage);
  bind_optional(update, i++, q.due_at_ms);
  bind_optional(update, i++, q.remind_at_ms);
  bind_optional(update, i++, q.next_due_ms);
  update.bind(i++, q.escalation_level);
  bind_optional(update, i++, q.closed_at_ms);
  update.bind(i++, static_cast<std::int64_t>(q.id));
  update.exec();
}

bool QuestionRepository::claim(std::int64_t id, const Person& claimant, std::int64_t now_ms) {
  auto& update = db_.prepare(
      "UPDATE questions SET status = 'claimed', claimant_platform = ?, claimant_workspace = ?, claimant_user_id = ?,"
      " claimant_name = ?, claimed_at = ? WHERE id = ? AND status = 'open'");
  update.bind(1, claimant.platform);
  update.bind(2, claimant.workspace);
  update.bind(3, claimant.user_id);
  update.bind(4, claimant.name);
  update.bind(5, static_cast<std::int64_t>(now_ms));
  update.bind(6, static_cast<std::int64_t>(id));
  return update.exec() == 1;
}

std::optional<QuestionRecord> QuestionRepository::find(std::int64_t id) {
  auto& select = db_.prepare(std::string(kColumns) + "WHERE id = ?");
  select.bind(1, static_cast<std::int64_t>(id));
  if (!select.executeStep()) return std::nullopt;
  return read_row(select);
}

std::optional<QuestionRecord> QuestionRepository::find_by_reference(std::string_view reference) {
  auto& select = db_.prepare(std::string(kColumns) +
                             sql_for(db_, "WHERE reference = ? COLLATE NOCASE", "WHERE lower(reference) = lower(?)"));
  select.bind(1, std::string(reference));
  if (!select.executeStep()) return std::nullopt;
  return read_row(select);
}

std::optional<QuestionRecord> QuestionRepository::find_by_request_key(std::string_view request_key) {
  auto& select = db_.prepare(std::string(kColumns) + "WHERE request_key = ?");
  select.bind(1, std::string(request_key));
  if (!select.executeStep()) return std::nullopt;
  return read_row(select);
}

std::vector<QuestionRecord> QuestionRepository::list(const QuestionFilter& f) {
  auto& select = db_.prepare(std::string(kColumns) +
                             "WHERE (?1 = '' OR status = ?1) AND (?2 = '' OR department_id = ?2)"
                             " AND (?3 = '' OR kind = ?3) AND (CAST(?4 AS BIGINT) IS NULL OR created_at >= ?4)"
                             " AND (CAST(?5 AS BIGINT) IS NULL OR created_at < ?5) ORDER BY id DESC LIMIT ?6");
  select.bind(1, f.status);
  select.bind(2, f.department_id);
  select.bind(3, f.kind);
  bind_optional(select, 4, f.from_ms);
  bind_optional(select, 5, f.to_ms);
  select.bind(6, static_cast<std::int64_t>(f.limit));
  return read_all(select);
}

std::vector<QuestionRecord> QuestionRepository::due(std::int64_t now_ms, std::size_t limit) {
  auto& select = db_.prepare(std::string(kColumns) +
                             "WHERE next_due_at IS NOT NULL AND next_due_at <= ? ORDER BY next_due_at, id LIMIT ?");
  select.bind(1, static_cast<std::int64_t>(now_ms));
  select.bind(2, static_cast<std::int64_t>(limit));
  return read_all(select);
}

void QuestionRepository::postpone(std::int64_t id, std::int64_t at_ms) {
  auto& update = db_.prepare("UPDATE questions SET next_due_at = ? WHERE id = ?");
  update.bind(1, static_cast<std::int64_t>(at_ms));
  update.bind(2, static_cast<std::int64_t>(id));
  update.exec();
}

std::optional<std::int64_t> QuestionRepository::earliest_due() {
  auto& select = db_.prepare("SELECT MIN(next_due_at) FROM questions WHERE next_due_at IS NOT NULL");
  if (!select.executeStep()) return std::nullopt;
  auto value = optional_int(select.getColumn(0));
  select.reset();
  return value;
}

std::int64_t QuestionRepository::add_event(std::int64_t question_id, std::int64_t at_ms, std::string_view kind,
                                           std::string_view actor, std::string_view detail,
                                           std::string_view department_id) {
  auto& insert = db_.prepare(
      "INSERT INTO question_events(question_id, at, kind, actor, detail, department_id) VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, static_cast<std::int64_t>(question_id));
  insert.bind(2, static_cast<std::int64_t>(at_ms));
  insert.bind(3, std::string(kind));
  insert.bind(4, std::string(actor));
  bind_text_or_null(insert, 5, std::string(detail));
  insert.bind(6, std::string(department_id));
  insert.exec();
  return db_.last_insert_id();
}

std::vector<QuestionEvent> QuestionRepository::events(std::int64_t question_id) {
  auto& select = db_.prepare("SELECT at, kind, actor, detail FROM question_events WHERE question_id = ? ORDER BY id");
  select.bind(1, static_cast<std::int64_t>(question_id));
  std::vector<QuestionEvent> out;
  while (select.executeStep())
    out.push_back({select.getColumn(0).getInt64(), select.getColumn(1).getString(), select.getColumn(2).getString(),
                   text_of(select.getColumn(3))});
  return out;
}

std::vector<DepartmentBacklog> QuestionRepository::backlog(std::string_view kind) {
  auto& select = db_.prepare(
      "SELECT department_id, COUNT(*), MIN(created_at) FROM questions WHERE status IN ('open', 'claimed')"
      " AND (?1 = '' OR kind = ?1) GROUP BY department_id ORDER BY department_id");
  select.bind(1, std::string(kind));
  std::vector<DepartmentBacklog> out;
  while (select.executeStep())
    out.push_back({select.getColumn(0).getString(), select.getColumn(1).getInt(), select.getColumn(2).getInt64()});
  return out;
}

std::map<std::string, int> QuestionRepository::events_by_department(std::string_view event_kind, std::int64_t from_ms,
                                                                    std::int64_t to_ms) {
  auto& select = db_.prepare(
      "SELECT department_id, COUNT(*) FROM question_events WHERE kind = ? AND at >= ? AND at < ?"
      " GROUP BY department_id");
  select.bind(1, std::string(event_kind));
  select.bind(2, static_cast<std::int64_t>(from_ms));
  select.bind(3, static_cast<std::int64_t>(to_ms));
  std::map<std::string, int> out;
  while (select.executeStep()) out[select.getColumn(0).getString()] = select.getColumn(1).getInt();
  return out;
}

std::map<std::string, int> QuestionRepository::breaches_by_department() {
  return events_by_department("escalated", 0, INT64_MAX);
}

std::vector<std::pair<std::string, int>> QuestionRepository::top_topics(std::int64_t from_ms, std::int64_t to_ms,
                                                                        std::size_t limit) {
  auto& select = db_.prepare(
      "SELECT topic, COUNT(*) AS n FROM questions WHERE created_at >= ? AND created_at < ? AND topic <> ''"
      " AND kind = 'question' GROUP BY topic ORDER BY n DESC, topic LIMIT ?");
  select.bind(1, static_cast<std::int64_t>(from_ms));
  select.bind(2, static_cast<std::int64_t>(to_ms));
  select.bind(3, static_cast<std::int64_t>(limit));
  std::vector<std::pair<std::string, int>> out;
  while (select.executeStep()) out.emplace_back(select.getColumn(0).getString(), select.getColumn(1).getInt());
  return out;
}

int QuestionRepository::purge_closed_before(std::int64_t before_ms, std::int64_t now_ms, std::size_t limit) {
  const std::string chunk =
      "SELECT id FROM questions WHERE closed_at IS NOT NULL AND purged_at IS NULL AND closed_at < ?1"
      " ORDER BY closed_at LIMIT ?2";
  auto& details = db_.prepare("UPDATE question_events SET detail = NULL WHERE question_id IN (" + chunk + ")");
  details.bind(1, static_cast<std::int64_t>(before_ms));
  details.bind(2, static_cast<std::int64_t>(limit));
  details.exec();
  auto& texts = db_.prepare(
      "UPDATE questions SET text = NULL, masked_text = NULL, answer = NULL, masked_answer = NULL, link = NULL,"
      " purged_at = ?3 WHERE id IN (" +
      chunk + ")");
  texts.bind(1, static_cast<std::int64_t>(before_ms));
  texts.bind(2, static_cast<std::int64_t>(limit));
  texts.bind(3, static_cast<std::int64_t>(now_ms));
  return texts.exec();
}

// question_events_by_kind (kind, at).
WebcareAnswers QuestionRepository::answered_in(std::int64_t from_ms, std::int64_t to_ms,
                                               std::string_view department_id) {
  auto& select = db_.prepare(
      "SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM question_events x WHERE x.question_id = "
      "e.question_id"
      " AND x.kind = 'escalated' AND x.at <= e.at) THEN 0 ELSE 1 END), 0)"
      " FROM question_events e JOIN questions q ON q.id = e.question_id"
      " WHERE e.kind = 'answered' AND e.at >= ?1 AND e.at < ?2 AND (?3 = '' OR e.department_id = ?3)"
      " AND q.kind = 'question' AND NOT EXISTS (SELECT 1 FROM question_events p WHERE p.question_id = e.question_id"
      " AND p.kind = 'answered' AND p.id < e.id)");
  select.bind(1, from_ms);
  select.bind(2, to_ms);
  select.bind(3, std::string(department_id));
  WebcareAnswers answers;
  if (select.executeStep()) {
    answers.answered = select.getColumn(0).getInt64();
    answers.within_sla = select.getColumn(1).getInt64();
  }
  select.reset();
  return answers;
}

}  // namespace ambassador::storage
