#pragma once
// Incoming platform events, deduplicated by (platform, event_key) before anything else happens.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/connection.hpp"

namespace ambassador::storage {

struct InboxRecord {
  std::int64_t id = 0;
  std::string platform;
  std::string event_key;
  std::string payload;  // the neutral event as JSON
};

class InboxRepository {
 public:
  explicit InboxRepository(Connection& connection) : db_(connection) {}

  // Stores the event unless (platform, event_key) is already known. Returns true when stored (new).
  // `settled`: nothing is left to do for it (kept only so a redelivery is recognised), stored as done.
  bool append(const std::string& platform, const std::string& event_key, const std::string& payload,
              std::int64_t now_ms, bool settled = false);
  // The oldest pending events; on PostgreSQL locked until the transaction ends (those locked elsewhere skipped).
  std::vector<InboxRecord> pending(std::size_t limit);
  void mark_done(std::int64_t id, std::int64_t now_ms);
  void mark_failed(std::int64_t id, std::string_view error, std::int64_t now_ms);
  void set_payload(std::int64_t id, const std::string& payload);
  std::int64_t count(std::string_view status);
  std::int64_t count_for_platform(std::string_view platform);
  // Forgets up to `limit` processed events older than `before_ms`; their keys stop deduplicating after that.
  int purge_processed_before(std::int64_t before_ms, std::size_t limit);

 private:
  Connection& db_;
};

}  // namespace ambassador::storage
