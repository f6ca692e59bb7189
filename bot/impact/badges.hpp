#pragma once
// Badges and milestones from [recognition]: a person who reached a badge's threshold (shares made, or unique clicks
// on their links) gets it once, announced in their department's channel when they chose to be named in rankings
// (`ranking on`), else privately. A pass over what was recorded since its cursors (shares and unique clicks, however
// they came in: chat buttons, share links, any platform) checks only the people concerned; awarding is keyed by
// (person, badge) in the database and the messages by outbox keys, so re-running a pass, a crash or a restart never
// announces a badge twice. Clicks arrive at thousands a second, so they are not checked one by one on their way in.
#include <cstddef>
#include <string>

#include "bot/clock.hpp"
#include "bot/i18n/catalog.hpp"
#include "bot/outbox_writer.hpp"
#include "config/config.hpp"
#include "storage/connection.hpp"

namespace ambassador::impact {

struct BadgePass {
  int awarded = 0;    // badges awarded (each announced once, unless the person said `stop`)
  bool more = false;  // the batch was full: run again at once
};

// Checks the people with new shares or unique clicks (at most `batch` of each kind), adds the new unique clicks to
// the per-person daily rollup the leaderboard reads, and moves the cursors past them, in the caller's transaction.
BadgePass award_due_badges(storage::Connection& db, const config::Config& config, const Clock& clock,
                           OutboxWriter& outbox, std::size_t batch);

// The badge's name, or its threshold said in `language` ("10 shares") when the config gives none.
std::string badge_title(const config::BadgeConfig& badge, i18n::Language language);

}  // namespace ambassador::impact
