#include "bot/tracking/click_recorder.hpp"

#include <spdlog/spdlog.h>

#include "bot/tracking/visitor.hpp"
#include "storage/tracking_repository.hpp"
#include "storage/transaction.hpp"

namespace ambassador::tracking {
namespace {

constexpr std::int64_t kDayMs = 24 * 60 * 60 * 1000;

}  // namespace

std::shared_ptr<ClickRecorder> ClickRecorder::create(storage::Store& store, std::size_t max_pending) {
  return std::shared_ptr<ClickRecorder>(new ClickRecorder(store, max_pending));
}

std::int64_t ClickRecorder::day_of(std::int64_t ms) { return ms >= 0 ? ms / kDayMs : (ms - kDayMs + 1) / kDayMs; }

void ClickRecorder::record(std::string token, std::string_view ip, std::string_view user_agent, std::int64_t at_ms) {
  Click click{std::move(token), at_ms, {}, {}, {}};
  if (auto hash = hash_if_salt_known(day_of(at_ms), ip, user_agent)) {
    click.visitor_hash = std::move(*hash);
  } else {
    click.ip = std::string(ip);
    click.user_agent = std::string(user_agent);
  }
  {
    std::lock_guard lock(pending_mutex_);
    if (pending_.size() >= max_pending_) {
      const auto dropped = dropped_.fetch_add(1, std::memory_order_relaxed);
      if (dropped % 10'000 == 0)
        spdlog::warn("tracking: the database is not keeping up; {} click(s) not logged so far", dropped + 1);
      return;
    }
    pending_.push_back(std::move(click));
    if (job_queued_) return;  // the queued job will take this click too
    job_queued_ = true;
  }
  auto fetched = std::make_shared<Salts>();
  store_.write([self = shared_from_this(), fetched](storage::Connection& db) { self->store_pending(db, *fetched); },
               [self = shared_from_this(), fetched](std::exception_ptr error) {
                 if (error) {
                   spdlog::warn("tracking: clicks could not be logged: {}", storage::describe(error));
                   return;
                 }
                 // Only now are the salts committed, so only now may later clicks rely on them.
                 for (auto& [day, salt] : *fetched) self->remember_salt(day, std::move(salt));
               });
}

void ClickRecorder::store_pending(storage::Connection& db, Salts& fetched) {
  std::vector<Click> batch;
  {
    std::lock_guard lock(pending_mutex_);
    batch.swap(pending_);
    job_queued_ = false;  // clicks from now on need a new job
  }
  storage::TrackingRepository repository(db);
  std::size_t failed = 0;
  std::string first_error;
  for (auto& click : batch) {
    // One click failing (its link deleted meanwhile) must not undo the others in this job.
    try {
      if (click.visitor_hash.empty()) {
        const auto day = day_of(click.at_ms);
        auto salt = fetched.find(day);
        if (salt == fetched.end()) salt = fetched.emplace(day, repository.salt_for_day(day, new_visitor_salt)).first;
        click.visitor_hash = visitor_hash(salt->second, click.ip, click.user_agent);
      }
      // In a savepoint: on PostgreSQL a failed statement spoils the whole transaction until rolled back to one.
      storage::Savepoint savepoint(db, "click");
      repository.record_click(click.token, click.visitor_hash, click.at_ms);
      savepoint.release();
    } catch (const std::exception& e) {
      if (failed++ == 0) first_error = e.what();
    }
  }
  if (failed > 0) spdlog::warn("tracking: {} of {} click(s) not logged: {}", failed, batch.size(), first_error);
}

std::optional<std::string> ClickRecorder::hash_if_salt_known(std::int64_t day, std::string_view ip,
                                                             std::string_view user_agent) {
  std::lock_guard lock(salt_mutex_);
  if (day != salt_day_) return std::nullopt;
  return visitor_hash(salt_, ip, user_agent);
}

void ClickRecorder::remember_salt(std::int64_t day, std::string salt) {
  std::lock_guard lock(salt_mutex_);
  if (day < salt_day_) return;  // a late job of yesterday must not replace today's salt
  salt_day_ = day;
  salt_ = std::move(salt);
}

}  // namespace ambassador::tracking
