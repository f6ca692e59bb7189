#include "bot/retention_job.hpp"

#include <atomic>
#include <mutex>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "storage/inbox_repository.hpp"
#include "storage/question_repository.hpp"
#include "storage/retention_repository.hpp"

namespace ambassador {
namespace asio = boost::asio;
namespace {

constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;

// Rows handled in one pass, per kind.
struct Handled {
  std::int64_t clicks = 0, inbox = 0, outbox = 0, local_messages = 0, ideas = 0, questions = 0;
};

struct Cutoffs {
  std::int64_t clicks = 0, inbox = 0, outbox = 0, local_messages = 0, ideas = 0, questions = 0;
};

}  // namespace

struct RetentionJob::Impl : std::enable_shared_from_this<RetentionJob::Impl> {
  Impl(asio::io_context& io, storage::Store& store, const Clock& clock, RetentionOptions options)
      : strand(asio::make_strand(io)), timer(strand), store(store), clock(clock), options(options) {}

  asio::strand<asio::io_context::executor_type> strand;
  asio::steady_timer timer;
  storage::Store& store;
  const Clock& clock;
  const RetentionOptions options;
  bool stopped = false;  // on the strand
  Handled total;         // of the pass under way; on the strand
  std::atomic<std::uint64_t> passes{0};
  mutable std::mutex sizes_mutex;
  std::map<std::string, std::int64_t> sizes;

  Cutoffs cutoffs_now() const {
    const auto now = clock.now_ms();
    const auto& ages = options.ages;
    return {now - ages.clicks_days * kDayMs, now - kInboxRetentionMs,
            now - ages.outbox_days * kDayMs, now - ages.local_messages_days * kDayMs,
            now - ages.ideas_days * kDayMs,  now - options.closed_question_days * kDayMs};
  }

  void begin_pass() {
    if (stopped) return;
    total = {};
    // One set of cutoffs for the whole pass: rows ageing past them meanwhile wait for the next pass.
    run_chunk(cutoffs_now());
  }

  // One writer job: at most `chunk` rows of each kind. Another follows while any kind filled its chunk.
  void run_chunk(const Cutoffs& cutoffs) {
    auto handled = std::make_shared<Handled>();
    const auto limit = options.chunk;
    store.write(
        [handled, cutoffs, limit, now = clock.now_ms()](storage::Connection& db) {
          storage::RetentionRepository retention(db);
          handled->clicks = retention.roll_up_clicks_before(cutoffs.clicks, limit);
          handled->inbox = storage::InboxRepository(db).purge_processed_before(cutoffs.inbox, limit);
          handled->outbox = retention.purge_settled_outbox_before(cutoffs.outbox, limit);
          handled->local_messages = retention.purge_local_messages_before(cutoffs.local_messages, limit);
          handled->ideas = retention.purge_decided_ideas_before(cutoffs.ideas, limit);
          handled->questions = storage::QuestionRepository(db).purge_closed_before(cutoffs.questions, now, limit);
        },
        [self = shared_from_this(), handled, cutoffs](std::exception_ptr error) {
          asio::post(self->strand, [self, handled, cutoffs, error] { self->chunk_done(*handled, cutoffs, error); });
        });
  }

  void chunk_done(const Handled& handled, const Cutoffs& cutoffs, const std::exception_ptr& error) {
    if (error) {
      spdlog::error("retention: a pass failed, retrying at the next one: {}", storage::describe(error));
      return count_tables();
    }
    total.clicks += handled.clicks;
    total.inbox += handled.inbox;
    total.outbox += handled.outbox;
    total.local_messages += handled.local_messages;
    total.ideas += handled.ideas;
    total.questions += handled.questions;
    const auto full = static_cast<std::int64_t>(options.chunk);
    const bool more = handled.clicks == full || handled.inbox == full || handled.outbox == full ||
                      handled.local_messages == full || handled.ideas == full || handled.questions == full;
    if (more && !stopped) return run_chunk(cutoffs);
    if (total.clicks + total.inbox + total.outbox + total.local_messages + total.ideas + total.questions > 0)
      spdlog::info(
          "retention: rolled up {} clicks; forgot {} inbox events, {} deliveries, {} local messages, {} ideas; purged "
          "the texts of {} closed questions",
          total.clicks, total.inbox, total.outbox, total.local_messages, total.ideas, total.questions);
    count_tables();
  }

  void count_tables() {
    auto counted = std::make_shared<std::map<std::string, std::int64_t>>();
    store.read([counted](storage::Connection& db) { *counted = storage::RetentionRepository(db).table_sizes(); },
               [self = shared_from_this(), counted](std::exception_ptr error) {
                 if (error) {
                   spdlog::warn("retention: counting table rows failed: {}", storage::describe(error));
                 } else {
                   std::lock_guard lock(self->sizes_mutex);
                   self->sizes = std::move(*counted);
                 }
                 self->passes.fetch_add(1);
                 asio::post(self->strand, [self] { self->arm(); });
               });
  }

  void arm() {
    if (stopped) return;
    timer.expires_after(options.period);
    timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->begin_pass();
    });
  }
};

RetentionJob::RetentionJob(asio::io_context& io, storage::Store& store, const Clock& clock, RetentionOptions options)
    : impl_(std::make_shared<Impl>(io, store, clock, options)) {}

RetentionJob::~RetentionJob() = default;

void RetentionJob::start() {
  asio::post(impl_->strand, [impl = impl_] { impl->begin_pass(); });
}

void RetentionJob::stop() {
  asio::post(impl_->strand, [impl = impl_] {
    impl->stopped = true;
    impl->timer.cancel();
  });
}

std::uint64_t RetentionJob::passes() const { return impl_->passes.load(); }

std::map<std::string, std::int64_t> RetentionJob::table_sizes() const {
  std::lock_guard lock(impl_->sizes_mutex);
  return impl_->sizes;
}

}  // namespace ambassador
