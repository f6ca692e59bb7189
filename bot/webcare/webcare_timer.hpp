#pragma once
// Fires webcare's reminders, escalations and dagstart on time. It sleeps until the earliest due instant (read
// from an index, never a scan of the open questions) or at most `max_sleep`, so an idle service does almost
// nothing between deadlines, and it is woken when a question changes. Deadlines live in the database: one that
// passed while the service was down fires once at start. Each pass runs in one writer transaction, so a crash
// mid-pass repeats nothing that committed and loses nothing that did not.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "bot/clock.hpp"
#include "config/config.hpp"
#include "storage/store.hpp"

namespace boost::asio {
class io_context;
}

namespace ambassador::webcare {

struct WebcareTimerOptions {
  std::chrono::milliseconds max_sleep{std::chrono::seconds(30)};  // also bounds the effect of a wall-clock jump
  std::size_t batch = 256;                                        // questions per transaction
};

// Counts for /metrics, refreshed by every pass.
struct WebcareFigures {
  std::map<std::string, int> open_by_department;
  std::map<std::string, int> breaches_by_department;
};

class WebcareTimer {
 public:
  WebcareTimer(boost::asio::io_context& io, storage::Store& store, const config::Config& config, const Clock& clock,
               std::function<void()> deliveries_queued, WebcareTimerOptions options = {});
  ~WebcareTimer();
  void start();
  void wake();  // thread-safe: a question changed, look again
  void stop();
  WebcareFigures figures() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace ambassador::webcare
