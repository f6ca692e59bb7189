#pragma once
// Logs clicks on tracked links without making anyone wait: clicks collect in memory and one writer job
// stores everything collected so far, so under load a single savepoint carries hundreds of clicks instead of
// each paying for its own job. The visitor is hashed with the day's salt (kept in memory once known); the
// address and user agent are never stored.
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/store.hpp"

namespace ambassador::tracking {

class ClickRecorder : public std::enable_shared_from_this<ClickRecorder> {
 public:
  // `max_pending`: clicks waiting for the writer at most; past it new clicks are dropped (and counted), so a
  // database that cannot keep up costs clicks, not memory. Jobs keep the recorder alive until they have run.
  static std::shared_ptr<ClickRecorder> create(storage::Store& store, std::size_t max_pending);

  // Queues one click on `token` (an existing link) by this visitor at `at_ms`. Thread-safe; never blocks on I/O.
  void record(std::string token, std::string_view ip, std::string_view user_agent, std::int64_t at_ms);

  std::uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

  static std::int64_t day_of(std::int64_t ms);

 private:
  ClickRecorder(storage::Store& store, std::size_t max_pending) : store_(store), max_pending_(max_pending) {}

  struct Click {
    std::string token;
    std::int64_t at_ms = 0;
    std::string visitor_hash;  // empty: the day's salt was not in memory yet; hashed on the writer
    std::string ip;            // only while visitor_hash is empty
    std::string user_agent;    // likewise
  };
  using Salts = std::map<std::int64_t, std::string>;  // day → salt

  std::optional<std::string> hash_if_salt_known(std::int64_t day, std::string_view ip, std::string_view user_agent);
  void remember_salt(std::int64_t day, std::string salt);
  // On the writer: stores every pending click; fills `fetched` with salts it had to read or create.
  void store_pending(storage::Connection& db, Salts& fetched);

  storage::Store& store_;
  const std::size_t max_pending_;
  std::atomic<std::uint64_t> dropped_{0};

  std::mutex pending_mutex_;
  std::vector<Click> pending_;
  bool job_queued_ = false;

  std::mutex salt_mutex_;
  std::int64_t salt_day_ = -1;
  std::string salt_;
};

}  // namespace ambassador::tracking
