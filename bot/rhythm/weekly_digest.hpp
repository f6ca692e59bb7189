#pragma once
// The weekly ambassador digest: a direct message to each active ambassador who did not turn it off (`digest off`)
// with the week's suggestions that match them (as the fan-out matches) and that they have not shared, opened or
// skipped, and their own shares and the clicks on their links that week. Nothing to say, nothing sent.
// Keyed `digest:weekly:<ambassador id>:<ISO week>`, and each department's pass keeps a cursor in digest_runs in the
// same transaction as the messages it queued, so a digest goes out once however often (and wherever) a pass stops.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/clock.hpp"
#include "bot/i18n/catalog.hpp"
#include "bot/outbox_writer.hpp"
#include "config/config.hpp"
#include "storage/connection.hpp"

namespace ambassador::rhythm {

struct DigestPostLine {
  std::string title;
  std::string link;
};

struct WeeklyDigestContent {
  std::vector<DigestPostLine> waiting;  // matching suggestions they did not act on, oldest first
  std::int64_t shares = 0;
  std::int64_t clicks = 0;
  std::int64_t kudos = 0;  // received from colleagues that week
  bool empty() const { return waiting.empty() && shares == 0 && clicks == 0 && kudos == 0; }
};

// A digest lists this many posts and counts the rest.
inline constexpr std::size_t kDigestPostsListed = 5;

OutgoingMessage render_weekly_digest(const WeeklyDigestContent& content, i18n::Language language,
                                     std::string_view week);

struct DigestProgress {
  int queued = 0;
  bool more = false;                        // the budget ran out with digests still due: run again now
  std::optional<std::int64_t> next_due_ms;  // the next slot of any department (when nothing more is due now)
};

// Looks at up to `budget` ambassadors of departments whose weekly digest is due and queues their digests, each not
// before its department's next allowed time (working day, outside quiet hours).
DigestProgress send_due_weekly_digests(storage::Connection& db, const config::Config& config, const Clock& clock,
                                       OutboxWriter& outbox, std::size_t budget);

i18n::Language department_language(const config::Config& config, const config::DepartmentConfig& department);

}  // namespace ambassador::rhythm
