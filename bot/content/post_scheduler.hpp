#pragma once
// Looks for due posts every second (and at once when woken by the API), publishes them through
// PostFanout on the writer thread, and wakes the outbox dispatcher when deliveries were queued.
// The schedule lives in the database, so posts due while the service was down go out at start. The loop is
// DuePassTimer's: a pass that published posts runs again at once (more may be due), a failed one after `interval`.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

#include "bot/content/post_fanout.hpp"
#include "bot/due_pass_timer.hpp"
#include "storage/store.hpp"

namespace boost::asio {
class io_context;
}

namespace ambassador::content {

class PostScheduler {
 public:
  PostScheduler(boost::asio::io_context& io, storage::Store& store, PostFanout& fanout,
                std::function<void()> deliveries_queued, std::chrono::milliseconds interval = std::chrono::seconds(1));
  ~PostScheduler();
  void start();
  void wake();  // thread-safe
  void stop();

 private:
  DuePassTimer timer_;
};

}  // namespace ambassador::content
