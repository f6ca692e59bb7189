#pragma once
// The loop every "send what is due" job of the service shares (webcare deadlines, intervision reminders, digests,
// badges): a pass runs as one writer job; then the timer goes straight on if the pass filled a batch, else sleeps
// until the next due instant the pass reported, at most `max_sleep` (which also bounds the effect of a wall-clock
// jump). A failed pass is retried after `max_sleep`. wake() runs a pass now, or right after the one under way.
// Its state lives on a strand; passes run on the writer thread, one at a time.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "bot/clock.hpp"
#include "storage/store.hpp"

namespace boost::asio {
class io_context;
}

namespace ambassador {

// What one pass did and when the next one is due.
struct DuePass {
  int deliveries = 0;                               // messages queued in the outbox: it is woken
  bool more = false;                                // a batch was full: run again at once
  std::optional<std::int64_t> next_due_ms;          // the next due instant (Unix ms), if the pass knows one
  std::optional<std::chrono::milliseconds> within;  // look again within this at the latest
  std::function<void()> committed;                  // runs once the pass is committed (on the writer thread)
};

// Several instances on one PostgreSQL database run the same timers: a pass takes a lock named after its job, held
// until its transaction ends; an instance that finds it taken leaves the pass to the holder (and looks again within a
// second). A crash rolls the holder's pass back and frees the lock, so the next pass anywhere does the work.
// Always true on SQLite (one instance).
bool take_pass_turn(storage::Connection& db, const std::string& name);

class DuePassTimer {
 public:
  using Pass = std::function<DuePass(storage::Connection&)>;

  // `name` prefixes the log line of a failed pass. `deliveries_queued` is called after a pass queued messages.
  DuePassTimer(boost::asio::io_context& io, storage::Store& store, const Clock& clock, std::string name, Pass pass,
               std::function<void()> deliveries_queued, std::chrono::milliseconds max_sleep);
  ~DuePassTimer();
  DuePassTimer(DuePassTimer&&) = default;
  DuePassTimer& operator=(DuePassTimer&&) = default;

  void start();  // the first pass, now
  void wake();   // thread-safe: something changed, look again
  void stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace ambassador
