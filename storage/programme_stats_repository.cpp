#include "storage/programme_stats_repository.hpp"

#include <algorithm>
#include <tuple>

#include <nlohmann/json.hpp>

#include "storage/impact_repository.hpp"

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

// Runs `sql` + " IN (...)" over `ids` in chunks (SQLite allows a limited number of parameters per statement),
// calling `row` for each result row.
template <typename Row>
void select_in(Connection& db, const std::string& sql, const std::vector<std::int64_t>& ids, Row row) {
  constexpr std::size_t kChunk = 200;
  for (std::size_t start = 0; start < ids.size(); start += kChunk) {
    const auto count = std::min(kChunk, ids.size() - start);
    SQLite::Statement select(db.db(), sql + " IN " + in_list(count));
    for (std::size_t i = 0; i < count; ++i) select.bind(static_cast<int>(i + 1), ids[start + i]);
    while (select.executeStep()) row(select);
  }
}

// ?1 and ?2: the span; ?3: the department, "" for all.
void bind_span(SQLite::Statement& select, std::int64_t from, std::int64_t to, const std::string& department) {
  select.bind(1, from);
  select.bind(2, to);
  select.bind(3, department);
}

}  // namespace

void ProgrammeStatsRepository::activity(std::int64_t from_day, std::int64_t to_day, const std::string& department,
                                        ActivityDetail detail, const std::function<void(const ActivityRow&)>& row) {
  ActivityRow out;
  // Columns: day, post, department, network, shares, clicks, unique clicks.
  const auto emit = [&](SQLite::Statement& select, ActivityRow::Counts counts) {
    out.counts = counts;
    while (select.executeStep()) {
      out.day = select.getColumn(0).getInt64();
      out.post_id = select.getColumn(1).getInt64();
      out.department_id.assign(select.getColumn(2).getText());
      out.network.assign(select.getColumn(3).getText());
      out.shares = select.getColumn(4).getInt64();
      out.clicks = select.getColumn(5).getInt64();
      out.unique_clicks = select.getColumn(6).getInt64();
      row(out);
    }
    select.reset();
  };
  if (department.empty() && detail == ActivityDetail::organisation) {
    auto& posts = db_.prepare(
        "SELECT day, post_id, '', network, shares, clicks, unique_clicks FROM activity_post_days"
        " WHERE day >= ?1 AND day < ?2");
    posts.bind(1, from_day);
    posts.bind(2, to_day);
    emit(posts, ActivityRow::Counts::posts_only);
    auto& departments = db_.prepare(
        "SELECT day, 0, department_id, network, shares, clicks, unique_clicks FROM activity_department_days"
        " WHERE day >= ?1 AND day < ?2");
    departments.bind(1, from_day);
    departments.bind(2, to_day);
    emit(departments, ActivityRow::Counts::all_but_posts);
  } else {
    // A department's span is one range of the primary key; the organisation's, one of activity_days_by_day.
    auto& rollup = department.empty() ? db_.prepare(
                                            "SELECT day, post_id, department_id, network, shares, clicks, unique_clicks"
                                            " FROM activity_days WHERE day >= ?1 AND day < ?2 AND ?3 = ''")
                                      : db_.prepare(
                                            "SELECT day, post_id, department_id, network, shares, clicks, unique_clicks"
                                            " FROM activity_days WHERE department_id = ?3 AND day >= ?1 AND day < ?2");
    bind_span(rollup, from_day, to_day, department);
    emit(rollup, ActivityRow::Counts::all);
  }
  // What the badge pass has not walked yet: a range of row ids (the unary + keeps SQLite off the time indexes,
  // which would read the whole span).
  const auto cursors = ImpactRepository(db_).rollup_cursors();
  const std::int64_t from_ms = from_day * kStatsDayMs, to_ms = to_day * kStatsDayMs;
  auto& shares = db_.prepare(
      "SELECT created_at / 86400000, post_id, department_id, network, COUNT(*), 0, 0 FROM shares"
      " WHERE id > ?4 AND +created_at >= ?1 AND +created_at < ?2 AND (?3 = '' OR +department_id = ?3)"
      " GROUP BY 1, 2, 3, 4");
  bind_span(shares, from_ms, to_ms, department);
  shares.bind(4, static_cast<std::int64_t>(cursors.shares));
  emit(shares, ActivityRow::Counts::all);
  auto& clicks = db_.prepare(
      "SELECT c.clicked_at / 86400000, t.post_id, t.department_id, t.network, 0, COUNT(*), SUM(c.is_unique)"
      " FROM clicks c JOIN tracked_links t ON t.token = c.token WHERE c.id > ?4 AND +c.clicked_at >= ?1"
      " AND +c.clicked_at < ?2 AND (?3 = '' OR +t.department_id = ?3) GROUP BY 1, 2, 3, 4");
  bind_span(clicks, from_ms, to_ms, department);
  clicks.bind(4, static_cast<std::int64_t>(cursors.clicks));
  emit(clicks, ActivityRow::Counts::all);
}

std::set<std::int64_t> ProgrammeStatsRepository::posts_with_theme(const std::string& theme) {
  auto& select = db_.prepare(
      "SELECT DISTINCT p.id FROM posts p, json_each(p.themes) j WHERE json_valid(p.themes) AND j.value = ?");
  select.bind(1, theme);
  std::set<std::int64_t> ids;
  while (select.executeStep()) ids.insert(select.getColumn(0).getInt64());
  select.reset();
  return ids;
}

std::vector<ActivityRow> ProgrammeStatsRepository::activity_by_person(std::int64_t from_day, std::int64_t to_day,
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
  bind_span(shares, from_ms, to_ms, department);
  while (shares.executeStep()) row_for(shares).shares += shares.getColumn(5).getInt64();
  shares.reset();
  // clicks_by_age (clicked_at), then the link by its primary key
  auto& clicks = db_.prepare(
      "SELECT c.clicked_at / 86400000, t.post_id, t.department_id, t.network, t.ambassador_id, COUNT(*),"
      " SUM(c.is_unique) FROM clicks c JOIN tracked_links t ON t.token = c.token"
      " WHERE c.clicked_at >= ?1 AND c.clicked_at < ?2 AND (?3 = '' OR t.department_id = ?3) GROUP BY 1, 2, 3, 4, 5");
  const auto add_clicks = [&row_for](SQLite::Statement& select) {
    while (select.executeStep()) {
      auto& row = row_for(select);
      row.clicks += select.getColumn(5).getInt64();
      row.unique_clicks += select.getColumn(6).getInt64();
    }
    select.reset();
  };
  bind_span(clicks, from_ms, to_ms, department);
  add_clicks(clicks);
  // click_days_by_day (day), migration 8
  auto& days = db_.prepare(
      "SELECT d.day, t.post_id, t.department_id, t.network, t.ambassador_id, SUM(d.clicks), SUM(d.unique_clicks)"
      " FROM click_days d JOIN tracked_links t ON t.token = d.token"
      " WHERE d.day >= ?1 AND d.day < ?2 AND (?3 = '' OR t.department_id = ?3) GROUP BY 1, 2, 3, 4, 5");
  bind_span(days, from_day, to_day, department);
  add_clicks(days);
  std::vector<ActivityRow> out;
  out.reserve(rows.size());
  for (auto& [key, row] : rows) out.push_back(std::move(row));
  return out;
}

std::int64_t ProgrammeStatsRepository::sharers(std::int64_t from_ms, std::int64_t to_ms,
                                               const std::string& department) {
  // The organisation: one search of shares_by_ambassador_age per ambassador (some ten thousand) instead of every
  // share of the span (a quarter of a million in 90 days at 1,000,000 a year). A department: its part of
  // shares_by_department_age alone answers.
  auto& select = department.empty()
                     ? db_.prepare(
                           "SELECT COUNT(*) FROM ambassadors a WHERE ?3 = '' AND EXISTS (SELECT 1 FROM shares s"
                           " WHERE s.ambassador_id = a.id AND s.created_at >= ?1 AND s.created_at < ?2)")
                     : db_.prepare(
                           "SELECT COUNT(DISTINCT ambassador_id) FROM shares WHERE department_id = ?3"
                           " AND created_at >= ?1 AND created_at < ?2");
  bind_span(select, from_ms, to_ms, department);
  const std::int64_t count = select.executeStep() ? select.getColumn(0).getInt64() : 0;
  select.reset();
  return count;
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
  select_in(db_, "SELECT id, title, themes, status, publish_at FROM posts WHERE id", ids,
            [&found](SQLite::Statement& select) {
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
            });
  return found;
}

std::map<std::int64_t, std::string> ProgrammeStatsRepository::ambassador_names(const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, std::string> names;
  select_in(db_, "SELECT id, display_name FROM ambassadors WHERE id", ids, [&names](SQLite::Statement& select) {
    names.emplace(select.getColumn(0).getInt64(), select.getColumn(1).getString());
  });
  return names;
}

}  // namespace ambassador::storage
