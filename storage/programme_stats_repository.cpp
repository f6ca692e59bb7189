#include "storage/programme_stats_repository.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "storage/impact_repository.hpp"

namespace ambassador::storage {
namespace {

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
    auto& select = db.prepare(sql + " IN " + in_list(count));
    for (std::size_t i = 0; i < count; ++i) select.bind(static_cast<int>(i + 1), ids[start + i]);
    while (select.executeStep()) row(select);
  }
}

// ?1 and ?2: the span; ?3: the department, "" for all.
void bind_span(Statement& select, std::int64_t from, std::int64_t to, const std::string& department) {
  select.bind(1, from);
  select.bind(2, to);
  select.bind(3, department);
}

// For activity_by_person: SQLite groups and orders (its sorter spills to disk, not to this process's heap), one row
// per key, in order. ?1/?2 the span in ms, ?4/?5 in days, ?3 the department. A department's clicks are read link by
// link (tracked_links_by_department, then the link's clicks): the span's clicks of the whole organisation are
// millions. The organisation's, by time (clicks_by_age, click_days_by_day).
std::string person_activity_sql(bool department) {
  // "FROM `table` `alias`" with its link `t`, and the department's condition, ending in AND.
  const auto with_links = [department](const std::string& table, const std::string& alias) {
    return department ? " FROM tracked_links t CROSS JOIN " + table + " " + alias + " ON " + alias +
                            ".token = t.token WHERE t.department_id = ?3 AND "
                      : " FROM " + table + " " + alias + " JOIN tracked_links t ON t.token = " + alias +
                            ".token WHERE ?3 = '' AND ";
  };
  const std::string shares_of = department ? "department_id = ?3" : "?3 = ''";
  return "SELECT day, post_id, department_id, network, ambassador_id, SUM(s), SUM(c), SUM(u) FROM ("
         " SELECT created_at / 86400000 AS day, post_id, department_id, network, ambassador_id, 1 AS s, 0 AS c,"
         " 0 AS u FROM shares WHERE created_at >= ?1 AND created_at < ?2 AND " +
         shares_of +
         " UNION ALL SELECT c.clicked_at / 86400000, t.post_id, t.department_id, t.network, t.ambassador_id, 0, 1,"
         " c.is_unique" +
         with_links("clicks", "c") +
         "c.clicked_at >= ?1 AND c.clicked_at < ?2"
         " UNION ALL SELECT d.day, t.post_id, t.department_id, t.network, t.ambassador_id, 0, d.clicks,"
         " d.unique_clicks" +
         with_links("click_days", "d") +
         "d.day >= ?4 AND d.day < ?5) activity GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5";
}

}  // namespace

void ProgrammeStatsRepository::activity(std::int64_t from_day, std::int64_t to_day, const std::string& department,
                                        ActivityDetail detail, const std::function<void(const ActivityRow&)>& row) {
  ActivityRow out;
  // Columns: day, post, department, network, shares, clicks, unique clicks.
  const auto emit = [&](Statement& select, ActivityRow::Counts counts) {
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
    const auto projection = [&](const std::string& columns, const std::string& table, ActivityRow::Counts counts) {
      auto& select = db_.prepare("SELECT day, " + columns + ", network, shares, clicks, unique_clicks FROM " + table +
                                 " WHERE day >= ?1 AND day < ?2");
      select.bind(1, from_day);
      select.bind(2, to_day);
      emit(select, counts);
    };
    projection("post_id, ''", "activity_post_days", ActivityRow::Counts::posts_only);
    projection("0, department_id", "activity_department_days", ActivityRow::Counts::all_but_posts);
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
  // What the badge pass has not walked yet: a range of row ids (the unary + and the `|| ''` keep SQLite off the
  // indexes, which would read the whole span).
  const auto cursors = ImpactRepository(db_).rollup_cursors();
  const std::int64_t from_ms = from_day * kStatsDayMs, to_ms = to_day * kStatsDayMs;
  auto& shares = db_.prepare(
      "SELECT created_at / 86400000, post_id, department_id, network, COUNT(*), 0, 0 FROM shares"
      " WHERE id > ?4 AND +created_at >= ?1 AND +created_at < ?2 AND (?3 = '' OR department_id || '' = ?3)"
      " GROUP BY 1, 2, 3, 4");
  bind_span(shares, from_ms, to_ms, department);
  shares.bind(4, static_cast<std::int64_t>(cursors.shares));
  emit(shares, ActivityRow::Counts::all);
  auto& clicks = db_.prepare(
      "SELECT c.clicked_at / 86400000, t.post_id, t.department_id, t.network, 0, COUNT(*), SUM(c.is_unique)"
      " FROM clicks c JOIN tracked_links t ON t.token = c.token WHERE c.id > ?4 AND +c.clicked_at >= ?1"
      " AND +c.clicked_at < ?2 AND (?3 = '' OR t.department_id || '' = ?3) GROUP BY 1, 2, 3, 4");
  bind_span(clicks, from_ms, to_ms, department);
  clicks.bind(4, static_cast<std::int64_t>(cursors.clicks));
  emit(clicks, ActivityRow::Counts::all);
}

std::set<std::int64_t> ProgrammeStatsRepository::posts_with_theme(const std::string& theme) {
  auto& select =
      db_.prepare(sql_for(db_,
                          "SELECT DISTINCT p.id FROM posts p,"
                          " json_each(CASE WHEN json_valid(p.themes) THEN p.themes ELSE '[]' END) j WHERE j.value = ?",
                          "SELECT DISTINCT p.id FROM posts p,"
                          " json_array_elements_text(CASE WHEN left(p.themes, 1) = '[' THEN CAST(p.themes AS JSON)"
                          " ELSE CAST('[]' AS JSON) END) j WHERE j.value = ?"));
  select.bind(1, theme);
  std::set<std::int64_t> ids;
  while (select.executeStep()) ids.insert(select.getColumn(0).getInt64());
  select.reset();
  return ids;
}

void ProgrammeStatsRepository::activity_by_person(std::int64_t from_day, std::int64_t to_day,
                                                  const std::string& department,
                                                  const std::function<bool(const ActivityRow&)>& row) {
  static const std::string kDepartment = person_activity_sql(true);
  static const std::string kOrganisation = person_activity_sql(false);
  auto& select = db_.prepare(department.empty() ? kOrganisation : kDepartment);
  bind_span(select, from_day * kStatsDayMs, to_day * kStatsDayMs, department);
  select.bind(4, from_day);
  select.bind(5, to_day);
  ActivityRow out;
  while (select.executeStep()) {
    out.day = select.getColumn(0).getInt64();
    out.post_id = select.getColumn(1).getInt64();
    out.department_id.assign(select.getColumn(2).getText());
    out.network.assign(select.getColumn(3).getText());
    out.ambassador_id =
        select.getColumn(4).isNull() ? std::nullopt : std::optional<std::int64_t>(select.getColumn(4).getInt64());
    out.shares = select.getColumn(5).getInt64();
    out.clicks = select.getColumn(6).getInt64();
    out.unique_clicks = select.getColumn(7).getInt64();
    if (!row(out)) break;
  }
  select.reset();
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
  select_in(db_, "SELECT id, title, themes, status, publish_at FROM posts WHERE id", ids, [&found](Statement& select) {
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
  select_in(db_, "SELECT id, display_name FROM ambassadors WHERE id", ids, [&names](Statement& select) {
    names.emplace(select.getColumn(0).getInt64(), select.getColumn(1).getString());
  });
  return names;
}

}  // namespace ambassador::storage
