#pragma once
// What recognition reads and writes: a person's impact (shares, unique clicks — raw ones and those rolled up into
// daily counts), per-person totals over a window for the leaderboard, the ranking opt-in, kudos, badges awarded,
// and the cursors of the badge pass. Unique clicks are the tracking's: a visitor's first click on a link.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/connection.hpp"

namespace ambassador::storage {

struct ImpactCounts {
  std::int64_t shares = 0;
  std::int64_t unique_clicks = 0;
};

struct BestPost {
  std::string title;
  std::int64_t unique_clicks = 0;
};

// One person's total over a window, with what the leaderboard may show of them.
struct PersonTotal {
  std::int64_t ambassador_id = 0;
  std::string display_name;
  bool named = false;  // opted in to rankings
  std::int64_t count = 0;
};

struct KudosRecord {
  std::string giver_name;
  std::string reason;
};

// Unique clicks on one person's links on one UTC day (days since the epoch).
struct PersonClickDay {
  std::int64_t ambassador_id = 0;
  std::int64_t day = 0;
  std::int64_t unique_clicks = 0;
};

// Shares and clicks on one department's links to one post on one network, on one UTC day.
struct ActivityDay {
  std::string department_id;
  std::int64_t day = 0;
  std::int64_t post_id = 0;
  std::string network;
  std::int64_t shares = 0, clicks = 0, unique_clicks = 0;
};

// Where the badge pass stands: every share and click with an id up to these has been rolled up.
struct RollupCursors {
  std::int64_t shares = 0;
  std::int64_t clicks = 0;
};

// A person whose shares or unique clicks grew since the badge pass last looked.
struct NewActivity {
  std::vector<std::int64_t> ambassador_ids;  // distinct, ascending
  std::vector<PersonClickDay> new_clicks;    // the unique clicks read past the clicks cursor, per person and day
  std::vector<ActivityDay> new_days;         // the shares and clicks read past the cursors, per activity_days row
  std::int64_t shares_cursor = 0;
  std::int64_t clicks_cursor = 0;
  bool more = false;  // a batch limit was reached
};

class ImpactRepository {
 public:
  explicit ImpactRepository(Connection& connection) : db_(connection) {}

  // Shares made and unique clicks on the person's links at or after `since_ms` (0: all time). Rolled-up clicks
  // count by their UTC day.
  ImpactCounts counts(std::int64_t ambassador_id, std::int64_t since_ms);
  // The post whose links of this person got the most unique clicks (ties: the older post); none without clicks.
  std::optional<BestPost> best_post(std::int64_t ambassador_id);

  // Per person with at least one in [since_ms, now): shares made, or unique clicks on their links, of the people
  // now in the department ("" = the whole organisation), largest first (ties by name). Unique clicks come from the
  // per-person daily rollup (person_click_days, kept by the badge pass) and the raw clicks past its cursor: their
  // window starts at the first UTC midnight at or after `since_ms`.
  std::vector<PersonTotal> shares_by_person(std::string_view department_id, std::int64_t since_ms);
  std::vector<PersonTotal> unique_clicks_by_person(std::string_view department_id, std::int64_t since_ms);

  // Ambassadors whose display name is `name`, ignoring ASCII case: at most two (two means "ambiguous").
  std::vector<std::int64_t> find_by_display_name(std::string_view name);

  void set_ranking_opt_in(std::int64_t ambassador_id, std::optional<std::int64_t> since_ms);
  bool ranking_opt_in(std::int64_t ambassador_id);

  void add_kudos(std::int64_t giver_id, std::int64_t receiver_id, std::string_view reason, std::int64_t now_ms);
  std::int64_t kudos_given_since(std::int64_t giver_id, std::int64_t since_ms);
  std::int64_t kudos_received_since(std::int64_t receiver_id, std::int64_t since_ms);
  std::optional<KudosRecord> latest_kudos(std::int64_t receiver_id);

  // True when this call awarded it (the first time for this person).
  bool award_badge(std::int64_t ambassador_id, std::string_view badge_id, std::int64_t now_ms);
  std::vector<std::string> badges_of(std::int64_t ambassador_id);  // in the order they were awarded

  // People with shares or unique clicks after the stored cursors, at most `limit` rows of each; save_cursors
  // stores where the next pass starts.
  NewActivity new_activity(std::size_t limit);
  // Adds the activity to the per-person daily rollup and the programme stats rollup (activity_days) and stores its
  // cursors: call both in one transaction, so each share and click is counted exactly once however often a pass is
  // cut short or re-run.
  void save_cursors(const NewActivity& activity);
  // What the rollups hold: rows past these are read raw.
  RollupCursors rollup_cursors();

 private:
  std::int64_t cursor(std::string_view source, std::string_view table);
  std::vector<PersonTotal> totals(Statement& statement);

  Connection& db_;
};

}  // namespace ambassador::storage
