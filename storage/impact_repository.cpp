#include "storage/impact_repository.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "storage/sql_values.hpp"

namespace ambassador::storage {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;

// Clicks older than the retention age survive only as daily counts (UTC days). A window counts a day's count only
// when the whole day lies in it, so a window never reaches back before its start.
std::int64_t first_whole_day(std::int64_t since_ms) { return since_ms <= 0 ? 0 : (since_ms + kDayMs - 1) / kDayMs; }

std::int64_t single_count(Statement& statement) {
  std::int64_t count = 0;
  if (statement.executeStep()) count = statement.getColumn(0).getInt64();
  statement.reset();
  return count;
}

// Per-person totals `x(id, n)` with what the leaderboard may show of each person.
std::string with_people(const std::string& totals) {
  return "SELECT x.id, a.display_name, a.ranking_opt_in_at IS NOT NULL, SUM(x.n) AS total FROM (" + totals +
         ") x JOIN ambassadors a ON a.id = x.id GROUP BY x.id, a.display_name, a.ranking_opt_in_at HAVING SUM(x.n) > 0"
         " ORDER BY total DESC, a.display_name,"
         " x.id";
}

// Unique clicks per person on whole UTC days of the per-person rollup (person_click_days, kept by the badge pass):
// ?1 first whole day, ?3 the department ("" the organisation; a department's people as they are now).
std::string rolled_up_clicks_sql(bool department) {
  return with_people(department ? "SELECT p.ambassador_id AS id, p.unique_clicks AS n FROM ambassadors m"
                                  " JOIN person_click_days p ON p.ambassador_id = m.id"
                                  " WHERE m.department_id = ?3 AND p.day >= ?1"
                                : "SELECT ambassador_id AS id, unique_clicks AS n FROM person_click_days"
                                  " WHERE day >= ?1 AND ?3 = ''");
}

// The raw unique clicks the pass has not walked yet (past its cursor, ?2): a range of row ids, read first (CROSS
// JOIN keeps that order; the unary + keeps SQLite off the time index, which would read the whole window).
std::string unwalked_clicks_sql(bool department) {
  return with_people(
      "SELECT t.ambassador_id AS id, COUNT(*) AS n FROM clicks c CROSS JOIN tracked_links t ON t.token = c.token" +
      std::string(department ? " CROSS JOIN ambassadors m ON m.id = t.ambassador_id AND m.department_id = ?3" : "") +
      " WHERE c.id > ?2 AND c.is_unique = 1 AND +c.clicked_at >= ?1 * 86400000 AND t.ambassador_id IS NOT NULL" +
      (department ? "" : " AND ?3 = ''") + " GROUP BY t.ambassador_id");
}

// `extra`'s counts added to `totals`', in the leaderboard's order (largest first, then by name and id).
std::vector<PersonTotal> merged(std::vector<PersonTotal> totals, const std::vector<PersonTotal>& extra) {
  if (extra.empty()) return totals;
  for (const auto& person : extra) {
    const auto same = std::find_if(totals.begin(), totals.end(),
                                   [&](const PersonTotal& t) { return t.ambassador_id == person.ambassador_id; });
    if (same == totals.end()) {
      totals.push_back(person);
    } else {
      same->count += person.count;
    }
  }
  std::sort(totals.begin(), totals.end(), [](const PersonTotal& a, const PersonTotal& b) {
    return std::tie(b.count, a.display_name, a.ambassador_id) < std::tie(a.count, b.display_name, b.ambassador_id);
  });
  return totals;
}

}  // namespace

ImpactCounts ImpactRepository::counts(std::int64_t ambassador_id, std::int64_t since_ms) {
  ImpactCounts counts;
  auto& shares = db_.prepare("SELECT COUNT(*) FROM shares WHERE ambassador_id = ? AND created_at >= ?");
  shares.bind(1, static_cast<std::int64_t>(ambassador_id));
  shares.bind(2, static_cast<std::int64_t>(since_ms));
  counts.shares = single_count(shares);
  auto& clicks = db_.prepare(
      "SELECT (SELECT COUNT(*) FROM tracked_links t JOIN clicks c ON c.token = t.token WHERE t.ambassador_id = ?1"
      " AND c.is_unique = 1 AND c.clicked_at >= ?2) + (SELECT COALESCE(SUM(d.unique_clicks), 0) FROM tracked_links t"
      " JOIN click_days d ON d.token = t.token WHERE t.ambassador_id = ?1 AND d.day >= ?3)");
  clicks.bind(1, static_cast<std::int64_t>(ambassador_id));
  clicks.bind(2, static_cast<std::int64_t>(since_ms));
  clicks.bind(3, static_cast<std::int64_t>(first_whole_day(since_ms)));
  counts.unique_clicks = single_count(clicks);
  return counts;
}

std::optional<BestPost> ImpactRepository::best_post(std::int64_t ambassador_id) {
  auto& select = db_.prepare(
      "SELECT p.title, SUM(x.n) AS total FROM ("
      "SELECT t.post_id AS post_id, COUNT(*) AS n FROM tracked_links t JOIN clicks c ON c.token = t.token"
      " WHERE t.ambassador_id = ?1 AND c.is_unique = 1 GROUP BY t.post_id"
      " UNION ALL SELECT t.post_id, SUM(d.unique_clicks) FROM tracked_links t JOIN click_days d ON d.token = t.token"
      " WHERE t.ambassador_id = ?1 GROUP BY t.post_id"
      ") x JOIN posts p ON p.id = x.post_id GROUP BY x.post_id, p.title HAVING SUM(x.n) > 0"
      " ORDER BY total DESC, x.post_id"
      " LIMIT 1");
  select.bind(1, static_cast<std::int64_t>(ambassador_id));
  std::optional<BestPost> best;
  if (select.executeStep()) best = BestPost{select.getColumn(0).getString(), select.getColumn(1).getInt64()};
  select.reset();
  return best;
}

std::vector<PersonTotal> ImpactRepository::totals(Statement& statement) {
  std::vector<PersonTotal> rows;
  while (statement.executeStep()) {
    rows.push_back({statement.getColumn(0).getInt64(), statement.getColumn(1).getString(),
                    statement.getColumn(2).getInt() != 0, statement.getColumn(3).getInt64()});
  }
  return rows;
}

std::vector<PersonTotal> ImpactRepository::shares_by_person(std::string_view department_id, std::int64_t since_ms) {
  static const std::string kOrganisation = with_people(
      "SELECT ambassador_id AS id, COUNT(*) AS n FROM shares WHERE created_at >= ?2 GROUP BY ambassador_id");
  // The department's people as they are now (ambassadors_by_department, then shares_by_ambassador_age).
  static const std::string kDepartment = with_people(
      "SELECT s.ambassador_id AS id, COUNT(*) AS n FROM ambassadors m JOIN shares s ON s.ambassador_id = m.id"
      " WHERE m.department_id = ?1 AND s.created_at >= ?2 GROUP BY s.ambassador_id");
  auto& select = db_.prepare(department_id.empty() ? kOrganisation : kDepartment);
  if (!department_id.empty()) select.bind(1, std::string(department_id));
  select.bind(2, static_cast<std::int64_t>(since_ms));
  return totals(select);
}

std::vector<PersonTotal> ImpactRepository::unique_clicks_by_person(std::string_view department_id,
                                                                   std::int64_t since_ms) {
  const bool department = !department_id.empty();
  const auto clicks_cursor = rollup_cursors().clicks;
  const auto run = [&](const std::string& sql) {
    auto& select = db_.prepare(sql);
    select.bind(1, static_cast<std::int64_t>(first_whole_day(since_ms)));
    select.bind(2, static_cast<std::int64_t>(clicks_cursor));
    select.bind(3, std::string(department_id));
    return totals(select);
  };
  static const std::string kRolledUp[] = {rolled_up_clicks_sql(false), rolled_up_clicks_sql(true)};
  static const std::string kUnwalked[] = {unwalked_clicks_sql(false), unwalked_clicks_sql(true)};
  return merged(run(kRolledUp[department]), run(kUnwalked[department]));
}

std::vector<std::int64_t> ImpactRepository::find_by_display_name(std::string_view name) {
  // A scan of at most some ten thousand names, for one chat command: not worth an index of its own.
  auto& select =
      db_.prepare(sql_for(db_, "SELECT id FROM ambassadors WHERE display_name = ? COLLATE NOCASE ORDER BY id LIMIT 2",
                          "SELECT id FROM ambassadors WHERE lower(display_name) = lower(?) ORDER BY id LIMIT 2"));
  select.bind(1, std::string(name));
  std::vector<std::int64_t> ids;
  while (select.executeStep()) ids.push_back(select.getColumn(0).getInt64());
  return ids;
}

void ImpactRepository::set_ranking_opt_in(std::int64_t ambassador_id, std::optional<std::int64_t> since_ms) {
  auto& update = db_.prepare("UPDATE ambassadors SET ranking_opt_in_at = ? WHERE id = ?");
  bind_optional(update, 1, since_ms);
  update.bind(2, static_cast<std::int64_t>(ambassador_id));
  update.exec();
}

bool ImpactRepository::ranking_opt_in(std::int64_t ambassador_id) {
  auto& select = db_.prepare("SELECT ranking_opt_in_at IS NOT NULL FROM ambassadors WHERE id = ?");
  select.bind(1, static_cast<std::int64_t>(ambassador_id));
  return single_count(select) != 0;
}

void ImpactRepository::add_kudos(std::int64_t giver_id, std::int64_t receiver_id, std::string_view reason,
                                 std::int64_t now_ms) {
  auto& insert = db_.prepare("INSERT INTO kudos(giver_id, receiver_id, reason, given_at) VALUES (?, ?, ?, ?)");
  insert.bind(1, static_cast<std::int64_t>(giver_id));
  insert.bind(2, static_cast<std::int64_t>(receiver_id));
  insert.bind(3, std::string(reason));
  insert.bind(4, static_cast<std::int64_t>(now_ms));
  insert.exec();
}

std::int64_t ImpactRepository::kudos_given_since(std::int64_t giver_id, std::int64_t since_ms) {
  auto& select = db_.prepare("SELECT COUNT(*) FROM kudos WHERE giver_id = ? AND given_at >= ?");
  select.bind(1, static_cast<std::int64_t>(giver_id));
  select.bind(2, static_cast<std::int64_t>(since_ms));
  return single_count(select);
}

std::int64_t ImpactRepository::kudos_received_since(std::int64_t receiver_id, std::int64_t since_ms) {
  auto& select = db_.prepare("SELECT COUNT(*) FROM kudos WHERE receiver_id = ? AND given_at >= ?");
  select.bind(1, static_cast<std::int64_t>(receiver_id));
  select.bind(2, static_cast<std::int64_t>(since_ms));
  return single_count(select);
}

std::optional<KudosRecord> ImpactRepository::latest_kudos(std::int64_t receiver_id) {
  auto& select = db_.prepare(
      "SELECT a.display_name, k.reason FROM kudos k JOIN ambassadors a ON a.id = k.giver_id WHERE k.receiver_id = ?"
      " ORDER BY k.given_at DESC, k.id DESC LIMIT 1");
  select.bind(1, static_cast<std::int64_t>(receiver_id));
  std::optional<KudosRecord> latest;
  if (select.executeStep()) latest = KudosRecord{select.getColumn(0).getString(), select.getColumn(1).getString()};
  select.reset();
  return latest;
}

bool ImpactRepository::award_badge(std::int64_t ambassador_id, std::string_view badge_id, std::int64_t now_ms) {
  auto& insert = db_.prepare(
      "INSERT INTO badges_awarded(ambassador_id, badge_id, awarded_at) VALUES (?, ?, ?)"
      " ON CONFLICT (ambassador_id, badge_id) DO NOTHING");
  insert.bind(1, static_cast<std::int64_t>(ambassador_id));
  insert.bind(2, std::string(badge_id));
  insert.bind(3, static_cast<std::int64_t>(now_ms));
  insert.exec();
  return db_.changes() > 0;
}

std::vector<std::string> ImpactRepository::badges_of(std::int64_t ambassador_id) {
  auto& select =
      db_.prepare("SELECT badge_id FROM badges_awarded WHERE ambassador_id = ? ORDER BY awarded_at, badge_id");
  select.bind(1, static_cast<std::int64_t>(ambassador_id));
  std::vector<std::string> ids;
  while (select.executeStep()) ids.push_back(select.getColumn(0).getString());
  return ids;
}

// Row ids are reused when a table was emptied (retention can delete every old click): a cursor past the largest id
// then starts over, which only re-checks people (awarding is idempotent).
std::int64_t ImpactRepository::cursor(std::string_view source, std::string_view table) {
  auto& select = db_.prepare("SELECT last_id FROM badge_cursors WHERE source = ?");
  select.bind(1, std::string(source));
  const auto last = single_count(select);
  auto& largest = db_.prepare("SELECT COALESCE(MAX(id), 0) FROM " + std::string(table));
  return last > single_count(largest) ? 0 : last;
}

NewActivity ImpactRepository::new_activity(std::size_t limit) {
  NewActivity activity;
  std::set<std::int64_t> people;
  std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> per_day;  // (person, UTC day) -> unique clicks
  std::map<std::tuple<std::string, std::int64_t, std::int64_t, std::string>, ActivityDay> days;
  // Columns: id, ambassador_id, day, post_id, department_id, network, shares, clicks, unique clicks.
  const auto read = [&](Statement& select, std::int64_t& cursor, std::string_view table) {
    std::size_t rows = 0;
    while (select.executeStep()) {
      ++rows;
      cursor = select.getColumn(0).getInt64();
      const auto day = select.getColumn(2).getInt64();
      auto& rollup =
          days[{select.getColumn(4).getString(), day, select.getColumn(3).getInt64(), select.getColumn(5).getString()}];
      rollup.shares += select.getColumn(6).getInt64();
      rollup.clicks += select.getColumn(7).getInt64();
      const auto unique = select.getColumn(8).getInt64();
      rollup.unique_clicks += unique;
      if (select.getColumn(1).isNull()) continue;
      const auto person = select.getColumn(1).getInt64();
      if (table == "shares") people.insert(person);
      if (unique > 0) {
        people.insert(person);
        ++per_day[{person, day}];
      }
    }
    if (rows == limit) {
      activity.more = true;
    } else {
      // Everything after the cursor was read: start after the last row.
      auto& largest = db_.prepare("SELECT COALESCE(MAX(id), 0) FROM " + std::string(table));
      cursor = std::max(cursor, single_count(largest));
    }
  };
  const auto cursors = rollup_cursors();
  activity.shares_cursor = cursors.shares;
  auto& shares = db_.prepare(
      "SELECT id, ambassador_id, created_at / 86400000, post_id, department_id, network, 1, 0, 0 FROM shares"
      " WHERE id > ? ORDER BY id LIMIT ?");
  shares.bind(1, static_cast<std::int64_t>(activity.shares_cursor));
  shares.bind(2, static_cast<std::int64_t>(limit));
  read(shares, activity.shares_cursor, "shares");
  activity.clicks_cursor = cursors.clicks;
  auto& clicks = db_.prepare(
      "SELECT c.id, t.ambassador_id, c.clicked_at / 86400000, t.post_id, t.department_id, t.network, 0, 1,"
      " c.is_unique FROM clicks c JOIN tracked_links t ON t.token = c.token WHERE c.id > ? ORDER BY c.id LIMIT ?");
  clicks.bind(1, static_cast<std::int64_t>(activity.clicks_cursor));
  clicks.bind(2, static_cast<std::int64_t>(limit));
  read(clicks, activity.clicks_cursor, "clicks");
  activity.ambassador_ids.assign(people.begin(), people.end());
  for (const auto& [person_day, count] : per_day)
    activity.new_clicks.push_back({person_day.first, person_day.second, count});
  for (auto& [key, day] : days) {
    std::tie(day.department_id, day.day, day.post_id, day.network) = key;
    activity.new_days.push_back(std::move(day));
  }
  return activity;
}

RollupCursors ImpactRepository::rollup_cursors() { return {cursor("shares", "shares"), cursor("clicks", "clicks")}; }

void ImpactRepository::save_cursors(const NewActivity& activity) {
  auto& add = db_.prepare(
      "INSERT INTO person_click_days(ambassador_id, day, unique_clicks) VALUES (?, ?, ?)"
      " ON CONFLICT (ambassador_id, day) DO UPDATE SET unique_clicks = person_click_days.unique_clicks + "
      "excluded.unique_clicks");
  for (const auto& row : activity.new_clicks) {
    add.bind(1, static_cast<std::int64_t>(row.ambassador_id));
    add.bind(2, static_cast<std::int64_t>(row.day));
    add.bind(3, static_cast<std::int64_t>(row.unique_clicks));
    add.exec();
    add.reset();
  }
  // The row and its two projections (per post; per department), each the sum of what the pass has walked.
  const auto adder = [this](const std::string& table, const std::string& key_columns, int keys) {
    std::string values;
    for (int i = 0; i < keys + 3; ++i) values += i == 0 ? "?" : ", ?";
    return &db_.prepare("INSERT INTO " + table + "(" + key_columns + ", shares, clicks, unique_clicks) VALUES (" +
                        values + ") ON CONFLICT (" + key_columns + ") DO UPDATE SET shares = " + table +
                        ".shares + excluded.shares, clicks = " + table + ".clicks + excluded.clicks, unique_clicks = " +
                        table + ".unique_clicks + excluded.unique_clicks");
  };
  auto* full = adder("activity_days", "department_id, day, post_id, network", 4);
  auto* per_post = adder("activity_post_days", "day, post_id, network", 3);
  auto* per_department = adder("activity_department_days", "day, department_id, network", 3);
  const auto add_counts = [](Statement& add, int first, const ActivityDay& row) {
    add.bind(first, static_cast<std::int64_t>(row.shares));
    add.bind(first + 1, static_cast<std::int64_t>(row.clicks));
    add.bind(first + 2, static_cast<std::int64_t>(row.unique_clicks));
    add.exec();
    add.reset();
  };
  for (const auto& row : activity.new_days) {
    full->bind(1, row.department_id);
    full->bind(2, static_cast<std::int64_t>(row.day));
    full->bind(3, static_cast<std::int64_t>(row.post_id));
    full->bind(4, row.network);
    add_counts(*full, 5, row);
    per_post->bind(1, static_cast<std::int64_t>(row.day));
    per_post->bind(2, static_cast<std::int64_t>(row.post_id));
    per_post->bind(3, row.network);
    add_counts(*per_post, 4, row);
    per_department->bind(1, static_cast<std::int64_t>(row.day));
    per_department->bind(2, row.department_id);
    per_department->bind(3, row.network);
    add_counts(*per_department, 4, row);
  }
  auto& upsert = db_.prepare(
      "INSERT INTO badge_cursors(source, last_id) VALUES ('shares', ?1), ('clicks', ?2)"
      " ON CONFLICT (source) DO UPDATE SET last_id = excluded.last_id");
  upsert.bind(1, static_cast<std::int64_t>(activity.shares_cursor));
  upsert.bind(2, static_cast<std::int64_t>(activity.clicks_cursor));
  upsert.exec();
}

}  // namespace ambassador::storage
