#include "bot/app/tracking_routes.hpp"

#include <atomic>
#include <cctype>
#include <memory>
#include <mutex>
#include <optional>

#include <spdlog/spdlog.h>

#include "bot/tracking/link_cache.hpp"
#include "bot/tracking/link_token.hpp"
#include "bot/tracking/share_text.hpp"
#include "bot/tracking/share_urls.hpp"
#include "bot/tracking/visitor.hpp"
#include "storage/tracking_repository.hpp"

namespace ambassador::app {
namespace {

constexpr std::size_t kCacheCapacity = 100'000;
constexpr std::int64_t kDayMs = 24 * 60 * 60 * 1000;
// Past these queue depths the database is not keeping up: a redirect still answers (or, for a cache miss,
// asks to retry) but no further work is queued, so memory stays bounded under a flood.
constexpr std::size_t kMaxQueuedLookups = 10'000;
constexpr std::size_t kMaxQueuedClickWrites = 100'000;

constexpr std::string_view kNotKnownPage =
    "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Link not known</title></head>"
    "<body><p>This link is not known.</p></body></html>\n";
constexpr std::string_view kUnavailablePage =
    "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Try again</title></head>"
    "<body><p>This link cannot be opened right now. Please try again in a moment.</p></body></html>\n";

http::Response html(int status, std::string_view page) {
  http::Response response{status, "text/html; charset=utf-8", std::string(page), {}};
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

http::Response not_known() { return html(404, kNotKnownPage); }

http::Response unavailable() { return html(503, kUnavailablePage).with_header("Retry-After", "5"); }

http::Response redirect(std::string location) {
  auto response = http::Response::redirect(std::move(location));
  // Every visit must reach us to be counted, and the token must not leak to the destination as a Referer.
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  return response;
}

// A Location we are willing to send: http(s) and nothing that could break the header.
bool safe_location(std::string_view url) {
  const auto starts = [url](std::string_view prefix) {
    if (url.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(url[i])) != prefix[i]) return false;
    return true;
  };
  if (!starts("http://") && !starts("https://")) return false;
  for (char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
  return true;
}

// Where a click on this link goes, or nothing when the post's link cannot be redirected to.
std::optional<std::string> click_location(const storage::ResolvedLink& link) {
  auto location = tracking::with_utm(link.link_url, link.network, link.post_id, link.ambassador_id.value_or(0));
  if (!safe_location(location)) return std::nullopt;
  return location;
}

std::string what(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown error";
  }
}

// The current day's visitor salt, kept in memory so a click is hashed without touching the database.
class DailySalts {
 public:
  // The visitor's hash when the salt of `day` is known here; else nothing.
  std::optional<std::string> hash_if_known(std::int64_t day, std::string_view ip, std::string_view user_agent) {
    std::lock_guard lock(mutex_);
    if (day != day_ || salt_.empty()) return std::nullopt;
    return tracking::visitor_hash(salt_, ip, user_agent);
  }
  void remember(std::int64_t day, std::string salt) {
    std::lock_guard lock(mutex_);
    if (day < day_) return;  // a late job of yesterday must not replace today's salt
    day_ = day;
    salt_ = std::move(salt);
  }

 private:
  std::mutex mutex_;
  std::int64_t day_ = -1;
  std::string salt_;
};

class TrackedLinks : public std::enable_shared_from_this<TrackedLinks> {
 public:
  TrackedLinks(storage::Store& store, const Clock& clock, std::string public_base_url)
      : store_(store), clock_(clock), public_base_url_(std::move(public_base_url)) {
    while (!public_base_url_.empty() && public_base_url_.back() == '/') public_base_url_.pop_back();
  }

  void click(const http::Request& request, std::string token, http::Responder respond) {
    if (!tracking::looks_like_token(token)) {
      respond(not_known());
      return;
    }
    Visit visit = visit_of(request);
    if (auto location = cache_.find(token)) {
      respond(redirect(std::move(*location)));
      log_click(token, visit);
      return;
    }
    if (store_.read_queue_depth() > kMaxQueuedLookups) {
      respond(unavailable());
      return;
    }
    auto resolved = std::make_shared<std::optional<storage::ResolvedLink>>();
    store_.read(
        [resolved, token](storage::Connection& db) { *resolved = storage::TrackingRepository(db).resolve(token); },
        [self = shared_from_this(), resolved, token, visit = std::move(visit),
         respond](std::exception_ptr error) mutable {
          // On the reader thread: nothing may escape from here.
          try {
            if (error) {
              spdlog::warn("tracking: looking up a link failed: {}", what(error));
              respond(unavailable());
              return;
            }
            auto location = *resolved ? click_location(**resolved) : std::nullopt;
            if (!location) {
              if (*resolved) spdlog::warn("tracking: post {} has no usable link_url", (*resolved)->post_id);
              respond(not_known());
              return;
            }
            self->cache_.insert(token, *location);
            respond(redirect(std::move(*location)));
            self->log_click(token, visit);
          } catch (const std::exception& e) {
            spdlog::error("tracking: answering a click failed: {}", e.what());
            respond(unavailable());
          }
        });
  }

  void share(const http::Request& request, std::string token, http::Responder respond) {
    if (!tracking::looks_like_token(token)) {
      respond(not_known());
      return;
    }
    // An ambassador taps this once per share, so no cache: the post's current share text is read each time.
    const bool counted = is_counted(request);
    const auto now = clock_.now_ms();
    auto resolved = std::make_shared<std::optional<storage::ResolvedLink>>();
    store_.read(
        [resolved, token](storage::Connection& db) { *resolved = storage::TrackingRepository(db).resolve(token); },
        [self = shared_from_this(), resolved, token, counted, now, respond](std::exception_ptr error) {
          try {
            if (error) {
              spdlog::warn("tracking: looking up a link failed: {}", what(error));
              respond(unavailable());
              return;
            }
            if (!*resolved) {
              respond(not_known());
              return;
            }
            const auto& link = **resolved;
            if (auto location = click_location(link)) self->cache_.insert(token, std::move(*location));
            const auto text = link.network == "x"
                                  ? tracking::suggested_share_text(link.suggested_texts, "x", link.post_title)
                                  : std::string();
            respond(redirect(tracking::share_intent_url(link.network, self->tracked_url(token), text)));
            if (counted && link.ambassador_id) self->log_share(link, now);
          } catch (const std::exception& e) {
            spdlog::error("tracking: answering a share failed: {}", e.what());
            respond(unavailable());
          }
        });
  }

 private:
  // What a click needs to be logged, taken from the request before answering it.
  struct Visit {
    bool counted = false;
    std::int64_t at_ms = 0;
    std::string visitor_hash;  // empty: the day's salt was not in memory; hashed on the writer then
    std::string ip;            // only while visitor_hash is empty; never stored
    std::string user_agent;    // likewise
  };

  static bool is_counted(const http::Request& request) {
    return request.method != "HEAD" && !tracking::is_link_preview_agent(request.header("User-Agent"));
  }

  Visit visit_of(const http::Request& request) {
    Visit visit;
    visit.counted = is_counted(request);
    if (!visit.counted) return visit;
    visit.at_ms = clock_.now_ms();
    // The peer address, not X-Forwarded-For: without a configured list of trusted proxies anyone can send
    // that header, and a forged one would let a script inflate unique clicks. Behind a reverse proxy every
    // visitor then shares the proxy's address and unique clicks tell browsers apart by user agent only.
    const auto& ip = request.remote_address;
    const auto user_agent = request.header("User-Agent");
    if (auto hash = salts_.hash_if_known(day_of(visit.at_ms), ip, user_agent)) {
      visit.visitor_hash = std::move(*hash);
    } else {
      visit.ip = ip;
      visit.user_agent = std::string(user_agent);
    }
    return visit;
  }

  static std::int64_t day_of(std::int64_t ms) { return ms >= 0 ? ms / kDayMs : (ms - kDayMs + 1) / kDayMs; }

  std::string tracked_url(std::string_view token) const { return public_base_url_ + "/r/" + std::string(token); }

  // Queued for the writer, which group-commits it with whatever else is waiting; nobody waits for it.
  void log_click(const std::string& token, const Visit& visit) {
    if (!visit.counted) return;
    if (store_.write_queue_depth() > kMaxQueuedClickWrites) {
      const auto dropped = clicks_dropped_.fetch_add(1, std::memory_order_relaxed);
      if (dropped % 10'000 == 0)
        spdlog::warn("tracking: the database is not keeping up; {} click(s) not logged so far", dropped + 1);
      return;
    }
    auto new_salt = std::make_shared<std::string>();  // the day's salt, when this job had to fetch it
    const auto day = day_of(visit.at_ms);
    store_.write(
        [token, visit, new_salt, day](storage::Connection& db) {
          storage::TrackingRepository repository(db);
          auto hash = visit.visitor_hash;
          if (hash.empty()) {
            *new_salt = repository.salt_for_day(day, tracking::new_visitor_salt);
            hash = tracking::visitor_hash(*new_salt, visit.ip, visit.user_agent);
          }
          repository.record_click(token, hash, visit.at_ms);
        },
        [self = shared_from_this(), new_salt, day](std::exception_ptr error) {
          if (error) {
            spdlog::warn("tracking: a click could not be logged: {}", what(error));
            return;
          }
          // Only now is the salt committed, so only now may other clicks rely on it.
          if (!new_salt->empty()) self->salts_.remember(day, std::move(*new_salt));
        });
  }

  void log_share(const storage::ResolvedLink& link, std::int64_t now_ms) {
    store_.write(
        [link, now_ms](storage::Connection& db) {
          storage::TrackingRepository(db).record_share(link.post_id, *link.ambassador_id, link.department_id,
                                                       link.network, "link_opened", now_ms);
        },
        [](std::exception_ptr error) {
          if (error) spdlog::warn("tracking: a share could not be logged: {}", what(error));
        });
  }

  storage::Store& store_;
  const Clock& clock_;
  std::string public_base_url_;
  tracking::LinkCache cache_{kCacheCapacity};
  DailySalts salts_;
  std::atomic<std::uint64_t> clicks_dropped_{0};
};

}  // namespace

void add_tracking_routes(http::Router& router, storage::Store& store, const Clock& clock, std::string public_base_url) {
  auto links = std::make_shared<TrackedLinks>(store, clock, std::move(public_base_url));
  router.add("GET", "/r/{token}", [links](http::Request request, http::RouteParams params, http::Responder respond) {
    links->click(request, std::string(params.get("token")), std::move(respond));
  });
  router.add("GET", "/s/{token}", [links](http::Request request, http::RouteParams params, http::Responder respond) {
    links->share(request, std::string(params.get("token")), std::move(respond));
  });
}

}  // namespace ambassador::app
