#pragma once
// Brings the database in line with the configuration at start-up: departments, their channels, and
// seeded ambassadors. Config is the source of truth for what it names; what the bot discovered at run
// time (channels it was added to, ambassadors who joined) is kept.
#include <cstdint>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "storage/connection.hpp"

namespace ambassador {

// The config names a channel by an id the platform has since replaced; the new id is linked instead, unless the
// config links that id elsewhere already (`ignored`).
struct FollowedMove {
  std::string platform;
  std::string department;
  std::string configured_id;
  std::string current_id;
  bool ignored = false;
};

struct SyncSummary {
  int departments = 0;
  int channels = 0;
  int ambassadors = 0;
  int unlinked = 0;  // linked channels the config no longer names
  std::vector<FollowedMove> followed_moves;
};

SyncSummary sync_directory(storage::Connection& db, const config::Config& config, std::int64_t now_ms);

}  // namespace ambassador
