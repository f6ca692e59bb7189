#pragma once
// Drains the inbox: each pending event is handled inside the writer's transaction, in its own
// savepoint, so its effects (state changes, outbox rows) and its 'done' mark commit together. A
// handler that throws marks only that event failed (kept for inspection), never blocks the rest.
#include <atomic>
#include <cstdint>
#include <functional>

#include "bot/clock.hpp"
#include "bot/incoming_event.hpp"
#include "storage/store.hpp"

namespace ambassador {

class EventHandler {
 public:
  virtual ~EventHandler() = default;
  // Runs on the writer thread inside a transaction. Throw to fail the event.
  virtual void handle(const IncomingEvent& event, storage::Connection& db) = 0;
};

class InboxProcessor {
 public:
  InboxProcessor(storage::Store& store, EventHandler& handler, const Clock& clock, std::function<void()> after_commit);
  // Schedules a processing pass unless one is already queued. Thread-safe, cheap to call often.
  void wake();
  std::uint64_t processed() const { return processed_.load(); }
  std::uint64_t failed() const { return failed_.load(); }

  static constexpr std::size_t kBatch = 512;
  // Processed events are forgotten by the RetentionJob (retention_job.hpp), not here: it runs without events too.

 private:
  std::size_t process_batch(storage::Connection& db);

  storage::Store& store_;
  EventHandler& handler_;
  const Clock& clock_;
  std::function<void()> after_commit_;
  std::atomic<bool> scheduled_{false};
  std::atomic<std::uint64_t> processed_{0};
  std::atomic<std::uint64_t> failed_{0};
};

}  // namespace ambassador
