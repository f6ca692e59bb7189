#pragma once
// Brings the database in line with the configuration at start-up: departments, their channels, and
// seeded ambassadors. Config is the source of truth for what it names; what the bot discovered at run
// time (channels it was added to, ambassadors who joined) is kept.
#include <cstdint>

#include "config/config.hpp"
#include "storage/connection.hpp"

namespace ambassador {

struct SyncSummary {
  int departments = 0;
  int channels = 0;
  int ambassadors = 0;
  int unlinked = 0;  // linked channels the config no longer names
};

SyncSummary sync_directory(storage::Connection& db, const config::Config& config, std::int64_t now_ms);

}  // namespace ambassador
