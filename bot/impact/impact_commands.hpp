#pragma once
// Recognition in chat (issue 13), on every platform:
// - `stats` (`resultaten`, `statistiek`): shares and unique clicks this month and all time, the best post, kudos
//   received, badges, and the place in the department's leaderboard for those who are on it;
// - `leaderboard` (`ranglijst`): the department's and the organisation's top over a rolling 30 days by shares and by
//   unique clicks; only people who chose to be named are, the others are counted as "n colleagues";
//   `ranking on|off` (`ranglijst aan|uit`) makes that choice; everyone starts unnamed;
// - `kudos @person <why>`: thanks a colleague, who is told by direct message; a daily limit per giver.
#include <string>
#include <vector>

#include "bot/event_dispatcher.hpp"
#include "storage/impact_repository.hpp"

namespace ambassador::impact {

// A reason longer than this many characters is refused: it is shown whole in a direct message and in `stats`.
inline constexpr std::size_t kMaxKudosReasonChars = 280;
// The leaderboard names at most this many people per list.
inline constexpr std::size_t kLeaderboardNamed = 5;

void register_impact_commands(EventDispatcher& dispatcher);

// One list of the leaderboard as chat and the dashboard show it: the first kLeaderboardNamed people who chose to be
// named, largest first, and everyone not named only as a number of people and their total. `totals` is largest
// first, as ImpactRepository gives it.
struct LeaderboardEntry {
  std::string name;
  std::int64_t count = 0;
};
struct LeaderboardList {
  std::vector<LeaderboardEntry> named;
  std::int64_t others = 0;        // people not named
  std::int64_t others_total = 0;  // their count together
};
LeaderboardList leaderboard_list(const std::vector<storage::PersonTotal>& totals);

// The list in chat: the named people, then the others as one line ("and 3 colleagues who are not named: 17").
std::string render_leaderboard_list(const std::vector<storage::PersonTotal>& totals, i18n::Language language);

}  // namespace ambassador::impact
