#include "storage/digest_repository.hpp"

#include "storage/question_repository.hpp"
#include "storage/sql_values.hpp"

namespace ambassador::storage {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;

// The department's ambassadors in a batch's id range: ?1 department, ?2 after, ?3 up to.
constexpr std::string_view kBatch = "(SELECT id FROM ambassadors WHERE department_id = ?1 AND id > ?2 AND id <= ?3)";

// What counts as someone's own activity, for the inactivity check: ?1 since, ?2 until.
constexpr std::string_view kActivitySince =
    "EXISTS (SELECT 1 FROM shares s WHERE s.ambassador_id = a.id AND s.created_at >= ?1 AND s.created_at < ?2)"
    " OR EXISTS (SELECT 1 FROM post_reactions r WHERE r.ambassador_id = a.id AND r.created_at >= ?1"
    " AND r.created_at < ?2)"
    " OR EXISTS (SELECT 1 FROM ideas i WHERE i.ambassador_id = a.id AND i.created_at >= ?1 AND i.created_at < ?2)"
    " OR EXISTS (SELECT 1 FROM ambassador_identities p JOIN meeting_rsvps m ON m.platform = p.platform"
    " AND m.workspace = p.workspace AND m.user_id = p.user_id WHERE p.ambassador_id = a.id"
    " AND m.updated_at >= ?1 AND m.updated_at < ?2)"
    " OR EXISTS (SELECT 1 FROM tracked_links t JOIN clicks c ON c.token = t.token WHERE t.ambassador_id = a.id"
    " AND c.clicked_at >= ?1 AND c.clicked_at < ?2)"
    " OR EXISTS (SELECT 1 FROM tracked_links t JOIN click_days d ON d.token = t.token WHERE t.ambassador_id = a.id"
    " AND d.day >= ?1 / 86400000 AND d.day < ?2 / 86400000)";

void bind_batch(Statement& statement, std::string_view department_id, std::int64_t after_id, std::int64_t up_to_id) {
  statement.bind(1, std::string(department_id));
  statement.bind(2, static_cast<std::int64_t>(after_id));
  statement.bind(3, static_cast<std::int64_t>(up_to_id));
}

std::map<std::int64_t, std::int64_t> counts_by_id(Statement& statement) {
  std::map<std::int64_t, std::int64_t> counts;
  while (statement.executeStep()) counts[statement.getColumn(0).getInt64()] += statement.getColumn(1).getInt64();
  return counts;
}

std::int64_t single_count(Statement& statement) {
  std::int64_t count = 0;
  if (statement.executeStep()) count = statement.getColumn(0).getInt64();
  statement.reset();
  return count;
}

std::vector<std::string> names(Statement& statement) {
  std::vector<std::string> out;
  while (statement.executeStep()) out.push_back(statement.getColumn(0).getString());
  return out;
}

}  // namespace

std::vector<DigestRecipient> DigestRepository::recipients(std::string_view department_id, std::int64_t after_id,
                                                          std::size_t limit) {
  auto& select = db_.prepare(
      "SELECT a.id, a.display_name, a.opted_out_at IS NOT NULL, a.weekly_digest_off_at IS NOT NULL,"
      " (SELECT platform || ?4 || workspace || ?4 || user_id FROM ambassador_identities"
      "  WHERE ambassador_id = a.id ORDER BY platform, workspace, user_id LIMIT 1)"
      " FROM ambassadors a WHERE a.department_id = ?1 AND a.id > ?2 ORDER BY a.id LIMIT ?3");
  select.bind(1, std::string(department_id));
  select.bind(2, static_cast<std::int64_t>(after_id));
  select.bind(3, static_cast<std::int64_t>(limit));
  select.bind(4, "\x1f");  // the unit separator joins the identity's parts
  std::vector<DigestRecipient> rows;
  std::map<std::int64_t, std::size_t> index;
  while (select.executeStep()) {
    DigestRecipient r;
    r.id = select.getColumn(0).getInt64();
    r.display_name = select.getColumn(1).getString();
    r.opted_out = select.getColumn(2).getInt() != 0;
    r.weekly_off = select.getColumn(3).getInt() != 0;
    if (!select.getColumn(4).isNull()) {
      const std::string joined = select.getColumn(4).getString();
      const auto first = joined.find('\x1f');
      const auto second = joined.find('\x1f', first + 1);
      r.identity =
          Identity{joined.substr(0, first), joined.substr(first + 1, second - first - 1), joined.substr(second + 1)};
    }
    index[r.id] = rows.size();
    rows.push_back(std::move(r));
  }
  if (rows.empty()) return rows;
  const auto after = after_id, up_to = rows.back().id;
  auto& sets = db_.prepare("SELECT ambassador_id, 'role', role FROM ambassador_roles WHERE ambassador_id IN " +
                           std::string(kBatch) +
                           " UNION ALL SELECT ambassador_id, 'theme', theme FROM ambassador_themes"
                           " WHERE ambassador_id IN " +
                           std::string(kBatch) + " ORDER BY 1, 2, 3");
  bind_batch(sets, department_id, after, up_to);
  while (sets.executeStep()) {
    auto& r = rows[index.at(sets.getColumn(0).getInt64())];
    (sets.getColumn(1).getString() == "role" ? r.roles : r.themes).push_back(sets.getColumn(2).getString());
  }
  return rows;
}

std::vector<std::int64_t> DigestRepository::published_posts(std::int64_t from_ms, std::int64_t to_ms) {
  auto& select = db_.prepare(
      "SELECT id FROM posts WHERE status IN ('sending', 'sent') AND publish_at >= ? AND publish_at < ?"
      " ORDER BY publish_at, id");
  select.bind(1, static_cast<std::int64_t>(from_ms));
  select.bind(2, static_cast<std::int64_t>(to_ms));
  std::vector<std::int64_t> ids;
  while (select.executeStep()) ids.push_back(select.getColumn(0).getInt64());
  return ids;
}

std::set<std::pair<std::int64_t, std::int64_t>> DigestRepository::acted_on(const std::vector<std::int64_t>& post_ids,
                                                                           std::string_view department_id,
                                                                           std::int64_t after_id,
                                                                           std::int64_t up_to_id) {
  std::set<std::pair<std::int64_t, std::int64_t>> acted;
  auto& select = db_.prepare("SELECT post_id, ambassador_id FROM shares WHERE post_id = ?4 AND ambassador_id IN " +
                             std::string(kBatch) +
                             " UNION SELECT post_id, ambassador_id FROM post_reactions WHERE post_id = ?4"
                             " AND ambassador_id IN " +
                             std::string(kBatch));
  for (const auto post_id : post_ids) {
    bind_batch(select, department_id, after_id, up_to_id);
    select.bind(4, static_cast<std::int64_t>(post_id));
    while (select.executeStep()) acted.emplace(select.getColumn(0).getInt64(), select.getColumn(1).getInt64());
    select.reset();
  }
  return acted;
}

std::map<std::int64_t, std::int64_t> DigestRepository::shares_by_ambassador(std::string_view department_id,
                                                                            std::int64_t after_id,
                                                                            std::int64_t up_to_id, std::int64_t from_ms,
                                                                            std::int64_t to_ms) {
  auto& select = db_.prepare("SELECT ambassador_id, COUNT(*) FROM shares WHERE ambassador_id IN " +
                             std::string(kBatch) + " AND created_at >= ?4 AND created_at < ?5 GROUP BY ambassador_id");
  bind_batch(select, department_id, after_id, up_to_id);
  select.bind(4, static_cast<std::int64_t>(from_ms));
  select.bind(5, static_cast<std::int64_t>(to_ms));
  return counts_by_id(select);
}

std::map<std::int64_t, std::int64_t> DigestRepository::kudos_by_ambassador(std::string_view department_id,
                                                                           std::int64_t after_id, std::int64_t up_to_id,
                                                                           std::int64_t from_ms, std::int64_t to_ms) {
  auto& select = db_.prepare("SELECT receiver_id, COUNT(*) FROM kudos WHERE receiver_id IN " + std::string(kBatch) +
                             " AND given_at >= ?4 AND given_at < ?5 GROUP BY receiver_id");
  bind_batch(select, department_id, after_id, up_to_id);
  select.bind(4, static_cast<std::int64_t>(from_ms));
  select.bind(5, static_cast<std::int64_t>(to_ms));
  return counts_by_id(select);
}

std::map<std::int64_t, std::int64_t> DigestRepository::clicks_by_ambassador(std::string_view department_id,
                                                                            std::int64_t after_id,
                                                                            std::int64_t up_to_id, std::int64_t from_ms,
                                                                            std::int64_t to_ms) {
  auto& select = db_.prepare(
      "SELECT t.ambassador_id, COUNT(*) FROM tracked_links t JOIN clicks c ON c.token = t.token"
      " WHERE t.ambassador_id IN " +
      std::string(kBatch) +
      " AND c.clicked_at >= ?4 AND c.clicked_at < ?5 GROUP BY t.ambassador_id"
      " UNION ALL SELECT t.ambassador_id, SUM(d.clicks) FROM tracked_links t JOIN click_days d ON d.token = t.token"
      " WHERE t.ambassador_id IN " +
      std::string(kBatch) + " AND d.day >= ?6 AND d.day < ?7 GROUP BY t.ambassador_id");
  bind_batch(select, department_id, after_id, up_to_id);
  select.bind(4, static_cast<std::int64_t>(from_ms));
  select.bind(5, static_cast<std::int64_t>(to_ms));
  select.bind(6, static_cast<std::int64_t>(from_ms / kDayMs));
  select.bind(7, static_cast<std::int64_t>(to_ms / kDayMs));
  return counts_by_id(select);
}

DepartmentFigures DigestRepository::department_figures(std::string_view department_id, std::int64_t from_ms,
                                                       std::int64_t to_ms, std::int64_t inactive_since_ms) {
  DepartmentFigures figures;
  const std::string department(department_id);
  auto& active = db_.prepare("SELECT COUNT(*) FROM ambassadors WHERE department_id = ? AND opted_out_at IS NULL");
  active.bind(1, department);
  figures.active = single_count(active);

  auto& shares =
      db_.prepare("SELECT COUNT(*) FROM shares WHERE department_id = ? AND created_at >= ? AND created_at < ?");
  shares.bind(1, department);
  shares.bind(2, static_cast<std::int64_t>(from_ms));
  shares.bind(3, static_cast<std::int64_t>(to_ms));
  figures.shares = single_count(shares);

  auto& clicks = db_.prepare(
      "SELECT (SELECT COUNT(*) FROM tracked_links t JOIN clicks c ON c.token = t.token WHERE t.department_id = ?1"
      " AND c.clicked_at >= ?2 AND c.clicked_at < ?3) + (SELECT COALESCE(SUM(d.clicks), 0) FROM tracked_links t"
      " JOIN click_days d ON d.token = t.token WHERE t.department_id = ?1 AND d.day >= ?4 AND d.day < ?5)");
  clicks.bind(1, department);
  clicks.bind(2, static_cast<std::int64_t>(from_ms));
  clicks.bind(3, static_cast<std::int64_t>(to_ms));
  clicks.bind(4, static_cast<std::int64_t>(from_ms / kDayMs));
  clicks.bind(5, static_cast<std::int64_t>(to_ms / kDayMs));
  figures.clicks = single_count(clicks);

  const auto answered = QuestionRepository(db_).answered_in(from_ms, to_ms, department);
  figures.answered = answered.answered;
  figures.answered_within_sla = answered.within_sla;

  auto& joined = db_.prepare(
      "SELECT display_name FROM ambassadors WHERE department_id = ? AND created_at >= ? AND created_at < ?"
      " ORDER BY display_name, id");
  joined.bind(1, department);
  joined.bind(2, static_cast<std::int64_t>(from_ms));
  joined.bind(3, static_cast<std::int64_t>(to_ms));
  figures.new_names = names(joined);

  auto& inactive = db_.prepare(
      "SELECT a.display_name FROM ambassadors a WHERE a.department_id = ?3"
      " AND a.opted_out_at IS NULL AND a.created_at < ?1 AND NOT (" +
      std::string(kActivitySince) + ") ORDER BY a.display_name, a.id");
  inactive.bind(1, static_cast<std::int64_t>(inactive_since_ms));
  inactive.bind(2, static_cast<std::int64_t>(to_ms));
  inactive.bind(3, department);
  figures.inactive_names = names(inactive);
  return figures;
}

bool DigestRepository::has_ambassadors(std::string_view department_id, std::int64_t before_ms) {
  auto& select = db_.prepare("SELECT EXISTS (SELECT 1 FROM ambassadors WHERE department_id = ? AND created_at < ?)");
  select.bind(1, std::string(department_id));
  select.bind(2, static_cast<std::int64_t>(before_ms));
  return single_count(select) != 0;
}

DigestRun DigestRepository::run(std::string_view kind, std::string_view department_id, std::string_view period) {
  auto& select =
      db_.prepare("SELECT cursor, finished_at FROM digest_runs WHERE kind = ? AND department_id = ? AND period = ?");
  select.bind(1, std::string(kind));
  select.bind(2, std::string(department_id));
  select.bind(3, std::string(period));
  DigestRun run;
  if (select.executeStep()) {
    run.cursor = select.getColumn(0).getInt64();
    run.finished = !select.getColumn(1).isNull();
  }
  select.reset();
  return run;
}

void DigestRepository::save_run(std::string_view kind, std::string_view department_id, std::string_view period,
                                std::int64_t cursor, std::optional<std::int64_t> finished_at_ms) {
  auto& upsert = db_.prepare(
      "INSERT INTO digest_runs(kind, department_id, period, cursor, finished_at) VALUES (?, ?, ?, ?, ?)"
      " ON CONFLICT (kind, department_id, period) DO UPDATE SET cursor = excluded.cursor,"
      " finished_at = excluded.finished_at");
  upsert.bind(1, std::string(kind));
  upsert.bind(2, std::string(department_id));
  upsert.bind(3, std::string(period));
  upsert.bind(4, static_cast<std::int64_t>(cursor));
  bind_optional(upsert, 5, finished_at_ms);
  upsert.exec();
}

void DigestRepository::set_weekly_off(std::int64_t ambassador_id, std::optional<std::int64_t> off_since_ms) {
  auto& update = db_.prepare("UPDATE ambassadors SET weekly_digest_off_at = ? WHERE id = ?");
  bind_optional(update, 1, off_since_ms);
  update.bind(2, static_cast<std::int64_t>(ambassador_id));
  update.exec();
}

bool DigestRepository::weekly_off(std::int64_t ambassador_id) {
  auto& select = db_.prepare("SELECT weekly_digest_off_at IS NOT NULL FROM ambassadors WHERE id = ?");
  select.bind(1, static_cast<std::int64_t>(ambassador_id));
  return single_count(select) != 0;
}

}  // namespace ambassador::storage
