#pragma once
// What the weekly digest and the monthly department report read, in bulk: a department's ambassadors a batch at a
// time (with roles, themes and the identity to message), what they did in a span, the department's figures, and
// the progress of each digest pass (digest_runs).
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/ambassador_repository.hpp"
#include "storage/connection.hpp"

namespace ambassador::storage {

struct DigestRecipient {
  std::int64_t id = 0;
  std::string display_name;
  bool opted_out = false;   // `stop`
  bool weekly_off = false;  // `digest off`
  std::vector<std::string> roles, themes;
  std::optional<Identity> identity;  // the first one: where a direct message goes
};

struct DigestRun {
  std::int64_t cursor = 0;  // the last ambassador id handled
  bool finished = false;
};

struct DepartmentFigures {
  std::int64_t active = 0;  // ambassadors who have not opted out (now)
  std::int64_t shares = 0, clicks = 0;
  std::int64_t answered = 0;                // webcare questions answered in the span
  std::int64_t answered_within_sla = 0;     // of those: no deadline missed before the answer
  std::vector<std::string> new_names;       // joined in the span
  std::vector<std::string> inactive_names;  // active, joined before the inactivity window, and no activity in it
};

class DigestRepository {
 public:
  explicit DigestRepository(Connection& connection) : db_(connection) {}

  // The department's ambassadors with id > after_id, by id, at most `limit`.
  std::vector<DigestRecipient> recipients(std::string_view department_id, std::int64_t after_id, std::size_t limit);
  // Ids of posts published (sending or sent, not withdrawn or expired) with publish_at in [from, to).
  std::vector<std::int64_t> published_posts(std::int64_t from_ms, std::int64_t to_ms);
  // (post, ambassador) pairs among `post_ids` x the department's ambassadors with id in (after_id, up_to_id] that
  // were acted on: shared, a share link opened, or skipped.
  std::set<std::pair<std::int64_t, std::int64_t>> acted_on(const std::vector<std::int64_t>& post_ids,
                                                           std::string_view department_id, std::int64_t after_id,
                                                           std::int64_t up_to_id);
  // Per ambassador of the department with id in (after_id, up_to_id]: shares made, and clicks on their links, in
  // [from, to). Clicks already rolled up into daily counts count by their UTC day.
  std::map<std::int64_t, std::int64_t> shares_by_ambassador(std::string_view department_id, std::int64_t after_id,
                                                            std::int64_t up_to_id, std::int64_t from_ms,
                                                            std::int64_t to_ms);
  // Kudos received in [from, to), per ambassador of the batch.
  std::map<std::int64_t, std::int64_t> kudos_by_ambassador(std::string_view department_id, std::int64_t after_id,
                                                           std::int64_t up_to_id, std::int64_t from_ms,
                                                           std::int64_t to_ms);
  std::map<std::int64_t, std::int64_t> clicks_by_ambassador(std::string_view department_id, std::int64_t after_id,
                                                            std::int64_t up_to_id, std::int64_t from_ms,
                                                            std::int64_t to_ms);

  // The department's month: figures over [from, to); inactive = no share, opened link, skip, click on their links
  // or idea in [inactive_since, to).
  DepartmentFigures department_figures(std::string_view department_id, std::int64_t from_ms, std::int64_t to_ms,
                                       std::int64_t inactive_since_ms);
  // Whether the department had any ambassador (opted out or not) before `before_ms`.
  bool has_ambassadors(std::string_view department_id, std::int64_t before_ms);

  DigestRun run(std::string_view kind, std::string_view department_id, std::string_view period);
  void save_run(std::string_view kind, std::string_view department_id, std::string_view period, std::int64_t cursor,
                std::optional<std::int64_t> finished_at_ms);

  // `digest off` (at `now_ms`) / `digest on` (nullopt).
  void set_weekly_off(std::int64_t ambassador_id, std::optional<std::int64_t> off_since_ms);
  bool weekly_off(std::int64_t ambassador_id);

 private:
  Connection& db_;
};

}  // namespace ambassador::storage
