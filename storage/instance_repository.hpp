#pragma once
// The service instances sharing a database, by their heartbeats. An instance whose heartbeat is older than the
// lease is taken for dead: its claimed deliveries and its conversation lanes go to the others.
#include <cstdint>
#include <string_view>

#include "storage/connection.hpp"

namespace ambassador::storage {

class InstanceRepository {
 public:
  explicit InstanceRepository(Connection& connection) : db_(connection) {}

  // Registers the instance or renews its heartbeat.
  void beat(std::string_view id, std::int64_t now_ms);
  // Instances whose heartbeat is at `live_since_ms` or later, this one included when it has beaten.
  int live(std::int64_t live_since_ms);
  // A clean stop: its lanes are free at once, and what it still had claimed is taken over by the next sweep.
  void leave(std::string_view id);
  // An SQLite file serves one instance: whatever another one left behind is this one's to take over, now.
  void forget_others(std::string_view id);
  // Frees the lanes of instances not alive since `live_since_ms`, and forgets instances silent for a day.
  void forget_dead(std::int64_t live_since_ms);

 private:
  Connection& db_;
};

}  // namespace ambassador::storage
