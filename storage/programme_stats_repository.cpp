#include "storage/programme_stats_repository.hpp"

#include <algorithm>
#include <tuple>

#include <nlohmann/json.hpp>

namespace ambassador::storage {
namespace {

using Key = std::tuple<std::int64_t, std::int64_t, std::string, std::string, std::int64_t>;

// -1 stands for "no ambassador" inside the key (ids are positive).
std::int64_t ambassador_key(const SQLite::Column& column) { return column.isNull() ? -1 : column.getInt64(); }

std::string in_list(std::size_t count) {
  std::string list = "(";
  for (std::size_t i = 0; i < count; ++i) list += i == 0 ? "?" : ",?";
  return list + ")";
}

}  // namespace

std::vector<ActivityRow> ProgrammeStatsRepository::activity(std::int64_t from_day, std::int64_t to_day,
                                                            const std::string& department) {
  std::map<Key, ActivityRow> rows;
  const auto row_for = [&rows](SQLite::Statement& select) -> ActivityRow& {
    Key key{select.getColumn(0).getInt64(), select.getColumn(1).getInt64(), select.getColumn(2).getString(),
            select.getColumn(3).getString(), ambassador_key(select.getColumn(4))};
    auto& row = rows[key];
    std::tie(row.day, row.post_id, row.department_id, row.network) =
        std::tie(std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key));
    if (std::get<4>(key) > 0) row.ambassador_id = std::get<4>(key);
    return row;
  };
  const std::int64_t from_ms = from_day * kStatsDayMs, to_ms = to_day * kStatsDayMs;
  // shares_by_age (created_at)
  auto& shares = db_.prepare(
      "SELECT created_at / 86400000, post_id, department_id, network, ambassador_id, COUNT(*) FROM shares"
      " WHERE created_at >= ?1 AND created_at < ?2 AND (?3 = '' OR department_id = ?3) GROUP BY 1, 2, 3, 4, 5");
  shares.bind(1, from_ms);
  shares.bind(2, to_ms);
  shares.bind(3, department);
  while (shares.executeStep()) row_for(shares).shares += shares.getColumn(5).getInt64();
  shares.reset();
  // clicks_by_age (clicked_at), then the link by its primary key
  auto& clicks = db_.prepare(
      "SELECT c.clicked_at / 86400000, t.post_id, t.department_id, t.network, t.ambassador_id, COUNT(*),"
      " SUM(c.is_unique) FROM clicks c JOIN tracked_links t ON t.token = c.token"
      " WHERE c.clicked_at >= ?1 AND c.clicked_at < ?2 AND (?3 = '' OR t.department_id = ?3) GROUP BY 1, 2, 3, 4, 5");
  clicks.bind(1, from_ms);
  clicks.bind(2, to_ms);
  clicks.bind(3, department);
  while (clicks.executeStep()) {
    auto& row = row_for(clicks);
    row.clicks += clicks.getColumn(5).getInt64();
    row.unique_clicks += clicks.getColumn(6).getInt64();
  }
  clicks.reset();
  // click_days_by_day (day), migration 10
  auto& days = db_.prepare(
      "SELECT d.day, t.post_id, t.department_id, t.network, t.ambassador_id, SUM(d.clicks), SUM(d.unique_clicks)"
      " FROM click_days d JOIN tracked_links t ON t.token = d.token"
      " WHERE d.day >= ?1 AND d.day < ?2 AND (?3 = '' OR t.department_id = ?3) GROUP BY 1, 2, 3, 4, 5");
  days.bind(1, from_day);
  days.bind(2, to_day);
  days.bind(3, department);
  while (days.executeStep()) {
    auto& row = row_for(days);
    row.clicks += days.getColumn(5).getInt64();
    row.unique_clicks += days.getColumn(6).getInt64();
  }
  days.reset();
  std::vector<ActivityRow> out;
  out.reserve(rows.size());
  for (auto& [key, row] : rows) out.push_back(std::move(row));
  return out;
}

std::vector<std::int64_t> ProgrammeStatsRepository::sharers(std::int64_t from_ms, std::int64_t to_ms,
                                                            const std::string& department) {
  auto& select = db_.prepare(
      "SELECT DISTINCT ambassador_id FROM shares WHERE created_at >= ?1 AND created_at < ?2"
      " AND (?3 = '' OR department_id = ?3)");
  select.bind(1, from_ms);
  select.bind(2, to_ms);
  select.bind(3, department);
  std::vector<std::int64_t> ids;
  while (select.executeStep()) ids.push_back(select.getColumn(0).getInt64());
  select.reset();
  return ids;
}

std::int64_t ProgrammeStatsRepository::ambassadors(const std::string& department) {
  // With a department: ambassadors_by_department. Without: a count of the whole (small) ambassadors table.
  auto& select = department.empty()
                     ? db_.prepare("SELECT COUNT(*) FROM ambassadors WHERE opted_out_at IS NULL")
                     : db_.prepare("SELECT COUNT(*) FROM ambassadors WHERE department_id = ? AND opted_out_at IS NULL");
  if (!department.empty()) select.bind(1, department);
  std::int64_t count = select.executeStep() ? select.getColumn(0).getInt64() : 0;
  select.reset();
  return count;
}

std::vector<std::int64_t> ProgrammeStatsRepository::published_posts(std::int64_t from_ms, std::int64_t to_ms) {
  // posts_by_publish_at, migration 10
  auto& select = db_.prepare(
      "SELECT id FROM posts WHERE publish_at >= ? AND publish_at < ? AND status IN ('sending', 'sent')"
      " ORDER BY publish_at, id");
  select.bind(1, from_ms);
  select.bind(2, to_ms);
  std::vector<std::int64_t> ids;
  while (select.executeStep()) ids.push_back(select.getColumn(0).getInt64());
  select.reset();
  return ids;
}

std::map<std::int64_t, PostSummary> ProgrammeStatsRepository::posts(const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, PostSummary> found;
  // In chunks: SQLite allows a limited number of parameters per statement.
  constexpr std::size_t kChunk = 200;
  for (std::size_t start = 0; start < ids.size(); start += kChunk) {
    const auto count = std::min(kChunk, ids.size() - start);
    SQLite::Statement select(db_.db(),
                             "SELECT id, title, themes, status, publish_at FROM posts WHERE id IN " + in_list(count));
    for (std::size_t i = 0; i < count; ++i) select.bind(static_cast<int>(i + 1), ids[start + i]);
    while (select.executeStep()) {
      PostSummary post;
      post.id = select.getColumn(0).getInt64();
      post.title = select.getColumn(1).getString();
      const auto themes = nlohmann::json::parse(select.getColumn(2).getString(), nullptr, false);
      if (themes.is_array())
        for (const auto& theme : themes)
          if (theme.is_string()) post.themes.push_back(theme.get<std::string>());
      post.status = select.getColumn(3).getString();
      if (!select.getColumn(4).isNull()) post.publish_at_ms = select.getColumn(4).getInt64();
      found.emplace(post.id, std::move(post));
    }
  }
  return found;
}

std::map<std::int64_t, std::string> ProgrammeStatsRepository::ambassador_names(const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, std::string> names;
  constexpr std::size_t kChunk = 200;
  for (std::size_t start = 0; start < ids.size(); start += kChunk) {
    const auto count = std::min(kChunk, ids.size() - start);
    SQLite::Statement select(db_.db(), "SELECT id, display_name FROM ambassadors WHERE id IN " + in_list(count));
    for (std::size_t i = 0; i < count; ++i) select.bind(static_cast<int>(i + 1), ids[start + i]);
    while (select.executeStep()) names.emplace(select.getColumn(0).getInt64(), select.getColumn(1).getString());
  }
  return names;
}

WebcareAnswers ProgrammeStatsRepository::webcare_answers(std::int64_t from_ms, std::int64_t to_ms,
                                                         const std::string& department) {
  // question_events_by_kind (kind, at); the same rule as DigestRepository::department_figures.
  auto& select = db_.prepare(
      "SELECT COUNT(*), COALESCE(SUM(NOT EXISTS (SELECT 1 FROM question_events x WHERE x.question_id = e.question_id"
      " AND x.kind = 'escalated' AND x.at <= e.at)), 0)"
      " FROM question_events e JOIN questions q ON q.id = e.question_id"
      " WHERE e.kind = 'answered' AND e.at >= ?1 AND e.at < ?2 AND (?3 = '' OR e.department_id = ?3)"
      " AND q.kind = 'question' AND NOT EXISTS (SELECT 1 FROM question_events p WHERE p.question_id = e.question_id"
      " AND p.kind = 'answered' AND p.id < e.id)");
  select.bind(1, from_ms);
  select.bind(2, to_ms);
  select.bind(3, department);
  WebcareAnswers answers;
  if (select.executeStep()) {
    answers.answered = select.getColumn(0).getInt64();
    answers.within_sla = select.getColumn(1).getInt64();
  }
  select.reset();
  return answers;
}

}  // namespace ambassador::storage
