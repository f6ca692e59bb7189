#pragma once
// Handles stored events inside the writer's transaction, each in its own savepoint, so that an event's
// effects (state changes, outbox rows) and its 'done' mark commit together. A handler that throws marks only
// that event failed (kept for inspection), never blocks the rest.
// A webhook's event is stored and handled in one job (store_and_handle), so it is acknowledged only when its
// answer is committed too; its payload (the event as JSON, with what was typed) is kept only when handling fails,
// for inspection. A handled event is kept as its key alone, as chatter is. Events left pending (stored by an older
// version, or before a crash of one) are drained by passes (wake).
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
  // In a writer job: stores the event unless (platform, event_key) is known, and handles it. Returns false for
  // a redelivery (stored before, so nothing is handled again). Call handled_committed() after the commit.
  bool store_and_handle(const IncomingEvent& event, std::int64_t now_ms, storage::Connection& db);
  void handled_committed() const;
  std::uint64_t processed() const { return processed_.load(); }
  std::uint64_t failed() const { return failed_.load(); }

  static constexpr std::size_t kBatch = 512;
  // Processed events are forgotten by the RetentionJob (retention_job.hpp), not here: it runs without events too.

 private:
  std::size_t process_batch(storage::Connection& db);
  // Runs the handler in a savepoint; on failure rolls its effects back and marks the event failed.
  bool handle(std::int64_t id, const IncomingEvent& event, storage::Connection& db, std::int64_t now_ms);

  storage::Store& store_;
  EventHandler& handler_;
  const Clock& clock_;
  std::function<void()> after_commit_;
  std::atomic<bool> scheduled_{false};
  std::atomic<std::uint64_t> processed_{0};
  std::atomic<std::uint64_t> failed_{0};
};

}  // namespace ambassador
