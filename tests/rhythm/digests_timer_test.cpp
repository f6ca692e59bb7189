// The digest timer in the service's set-up (a Store, an io_context): what fell due while the service was down goes
// out once at start, and a second start sends nothing again.
#include "bot/rhythm/digest_timer.hpp"
#include "test_database.hpp"

#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "digests_fixture.hpp"
#include "storage/store.hpp"

namespace ambassador::testing::digests {
namespace {

class DigestTimerTest : public DigestsFixture {
 protected:
  // Runs the service's timer until `done` holds (or 20 s pass), then stops it as the service does.
  template <typename Done>
  bool run_timer_until(Done done) {
    storage::Store store({ambassador::testing::database(dir_, "digests.sqlite3"), 1000});
    boost::asio::io_context io;
    auto work = boost::asio::make_work_guard(io);
    std::thread thread([&io] { io.run(); });
    rhythm::DigestTimer timer(io, store, config_, clock_, [] {}, {std::chrono::milliseconds(20), 2});
    timer.start();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    bool held = false;
    while (!(held = done(store)) && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    timer.stop();
    work.reset();
    thread.join();
    store.stop();
    return held;
  }
};

TEST_F(DigestTimerTest, SendsADigestThatFellDueWhileItWasDownOnceAndNeverTwice) {
  clock_.set(amsterdam("2027-01-11T15:00"));
  ASSERT_TRUE(run_timer_until([this](storage::Store&) { return digests().size() == 3; }));

  clock_.advance(std::chrono::hours(1));
  std::uint64_t first = 0;
  ASSERT_TRUE(run_timer_until([&first](storage::Store& store) {
    if (first == 0) first = store.transactions_committed() + 1;
    return store.transactions_committed() >= first + 3;  // several whole passes ran
  }));
  EXPECT_EQ(digests().size(), 3u);
}

}  // namespace
}  // namespace ambassador::testing::digests
