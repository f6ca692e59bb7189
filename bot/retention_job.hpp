#pragma once
// Keeps the database from growing without bound, whatever the traffic: at start and then every `period`, one
// pass rolls up old clicks and deletes what is past its age (inbox, outbox, local messages, decided ideas) in
// writer jobs of at most `chunk` rows per table, repeated until nothing old is left, so the writer never stalls
// on one huge delete and a busy day is caught up within the pass. After each pass the main tables are counted
// for /metrics, so a scrape never counts a table itself.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "bot/clock.hpp"
#include "config/config.hpp"
#include "storage/store.hpp"

namespace boost::asio {
class io_context;
}

namespace ambassador {

struct RetentionOptions {
  config::RetentionConfig ages;
  std::chrono::milliseconds period = std::chrono::minutes(15);
  std::size_t chunk = 5000;       // rows per table per writer job
  int closed_question_days = 90;  // [webcare] retention_days: the texts of closed questions are purged then
};

// Processed inbox events are forgotten after this; their keys stop deduplicating then. Platforms redeliver within
// minutes (Slack) or a day (Telegram), so a week is ample.
inline constexpr std::int64_t kInboxRetentionMs = 7LL * 24 * 60 * 60 * 1000;

class RetentionJob {
 public:
  RetentionJob(boost::asio::io_context& io, storage::Store& store, const Clock& clock, RetentionOptions options);
  ~RetentionJob();
  void start();  // a pass now, then one every period
  void stop();   // thread-safe; a pass under way finishes its current chunk

  std::uint64_t passes() const;  // passes completed, table counts included
  // Row counts of storage::kSizedTables as of the last pass; empty before the first.
  std::map<std::string, std::int64_t> table_sizes() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace ambassador
