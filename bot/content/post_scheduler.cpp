#include "bot/content/post_scheduler.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <spdlog/spdlog.h>

namespace ambassador::content {
namespace asio = boost::asio;

struct PostScheduler::Impl : std::enable_shared_from_this<PostScheduler::Impl> {
  Impl(asio::io_context& io, storage::Store& store, PostFanout& fanout, std::function<void()> queued,
       std::chrono::milliseconds interval)
      : strand(asio::make_strand(io)), timer(strand), store(store), fanout(fanout), queued(std::move(queued)),
        interval(interval) {}

  asio::strand<asio::io_context::executor_type> strand;
  asio::steady_timer timer;
  storage::Store& store;
  PostFanout& fanout;
  std::function<void()> queued;
  std::chrono::milliseconds interval;
  bool running = false;  // a pass is queued on the writer
  bool again = false;
  bool stopped = false;

  void tick() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    auto summary = std::make_shared<FanoutSummary>();
    store.write(
        [this, summary](storage::Connection& db) {
          *summary = fanout.publish_due(db);
          fanout.settle(db);
        },
        [self = shared_from_this(), summary](std::exception_ptr error) {
          if (error) spdlog::error("scheduler: publishing due posts failed; retrying at the next tick");
          if (summary->channel_deliveries + summary->direct_deliveries > 0) self->queued();
          asio::post(self->strand, [self, more = summary->posts > 0] {
            self->running = false;
            if (self->again || more) return self->tick();  // more posts may be due
            self->arm();
          });
        });
  }

  void arm() {
    if (stopped) return;
    timer.expires_after(interval);
    timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->tick();
    });
  }
};

PostScheduler::PostScheduler(asio::io_context& io, storage::Store& store, PostFanout& fanout,
                             std::function<void()> deliveries_queued, std::chrono::milliseconds interval)
    : impl_(std::make_shared<Impl>(io, store, fanout, std::move(deliveries_queued), interval)) {}

PostScheduler::~PostScheduler() = default;

void PostScheduler::start() { wake(); }
void PostScheduler::wake() {
  asio::post(impl_->strand, [impl = impl_] { impl->tick(); });
}
void PostScheduler::stop() {
  asio::post(impl_->strand, [impl = impl_] {
    impl->stopped = true;
    impl->timer.cancel();
  });
}

}  // namespace ambassador::content
