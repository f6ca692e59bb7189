#include "bot/app/tracking_routes.hpp"

#include <cctype>
#include <memory>
#include <optional>

#include <spdlog/spdlog.h>
#include <boost/algorithm/string/predicate.hpp>

#include "bot/tracking/click_recorder.hpp"
#include "bot/tracking/link_cache.hpp"
#include "bot/tracking/link_token.hpp"
#include "bot/tracking/share_text.hpp"
#include "bot/tracking/share_urls.hpp"
#include "bot/tracking/visitor.hpp"
#include "storage/tracking_repository.hpp"

namespace ambassador::app {
namespace {

constexpr std::size_t kCacheCapacity = 100'000;
// Past these queue depths the database is not keeping up: a redirect still answers (or, for a cache miss,
// asks to retry) but no further work is queued, so memory stays bounded under a flood.
constexpr std::size_t kMaxQueuedLookups = 10'000;
constexpr std::size_t kMaxPendingClicks = 100'000;

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
  http::Response response{302, "text/plain; charset=utf-8", {}, {}};
  response.headers.reserve(3);
  response.headers.emplace_back("Location", std::move(location));
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

class TrackedLinks : public std::enable_shared_from_this<TrackedLinks> {
 public:
  TrackedLinks(storage::Store& store, const Clock& clock, std::string public_base_url,
               std::vector<http::Cidr> trusted_proxies)
      : store_(store),
        clock_(clock),
        public_base_url_(std::move(public_base_url)),
        trusted_proxies_(std::move(trusted_proxies)),
        clicks_(tracking::ClickRecorder::create(store, kMaxPendingClicks)) {
    while (!public_base_url_.empty() && public_base_url_.back() == '/') public_base_url_.pop_back();
  }

  void click(const http::Request& request, std::string token, http::Responder respond) {
    if (!tracking::looks_like_token(token)) {
      respond(not_known());
      return;
    }
    const bool counted = is_counted(request);
    const auto at_ms = clock_.now_ms();
    if (auto location = cache_.find(token)) {
      respond(redirect(std::move(*location)));
      if (counted) clicks_->record(std::move(token), visitor_address(request), request.header("User-Agent"), at_ms);
      return;
    }
    if (store_.read_queue_depth() > kMaxQueuedLookups) {
      respond(unavailable());
      return;
    }
    auto resolved = std::make_shared<std::optional<storage::ResolvedLink>>();
    store_.read(
        [resolved, token](storage::Connection& db) { *resolved = storage::TrackingRepository(db).resolve(token); },
        [self = shared_from_this(), resolved, token, respond, counted, at_ms,
         ip = counted ? visitor_address(request) : std::string(),
         user_agent = counted ? std::string(request.header("User-Agent")) : std::string()](std::exception_ptr error) {
          // On the reader thread: nothing may escape from here.
          try {
            if (error) {
              spdlog::warn("tracking: looking up a link failed: {}", storage::describe(error));
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
            if (counted) self->clicks_->record(token, ip, user_agent, at_ms);
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
              spdlog::warn("tracking: looking up a link failed: {}", storage::describe(error));
              respond(unavailable());
              return;
            }
            if (!*resolved) {
              respond(not_known());
              return;
            }
            const auto& link = **resolved;
            // The clicks this share brings will follow shortly.
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
  static bool is_counted(const http::Request& request) {
    return request.method != "HEAD" && !tracking::is_link_preview_agent(request.header("User-Agent"));
  }

  // X-Forwarded-For only from our own proxies (http.trusted_proxies): anyone else can send that header, and a
  // forged one would let a script inflate unique clicks. Every X-Forwarded-For field counts, in order (RFC 9110
  // 5.3: repeated fields are one comma-separated list).
  std::string visitor_address(const http::Request& request) const {
    if (trusted_proxies_.empty()) return request.remote_address;
    std::string forwarded_for;
    for (const auto& [name, value] : request.headers) {
      if (!boost::iequals(name, "X-Forwarded-For")) continue;
      if (!forwarded_for.empty()) forwarded_for += ',';
      forwarded_for += value;
    }
    return http::client_address(request.remote_address, forwarded_for, trusted_proxies_);
  }

  std::string tracked_url(std::string_view token) const { return public_base_url_ + "/r/" + std::string(token); }

  void log_share(const storage::ResolvedLink& link, std::int64_t now_ms) {
    store_.write(
        [link, now_ms](storage::Connection& db) {
          storage::TrackingRepository(db).record_share(link.post_id, *link.ambassador_id, link.department_id,
                                                       link.network, "link_opened", now_ms);
        },
        [](std::exception_ptr error) {
          if (error) spdlog::warn("tracking: a share could not be logged: {}", storage::describe(error));
        });
  }

  storage::Store& store_;
  const Clock& clock_;
  std::string public_base_url_;
  const std::vector<http::Cidr> trusted_proxies_;
  tracking::LinkCache cache_{kCacheCapacity};
  std::shared_ptr<tracking::ClickRecorder> clicks_;
};

}  // namespace

void add_tracking_routes(http::Router& router, storage::Store& store, const Clock& clock, std::string public_base_url,
                         std::vector<http::Cidr> trusted_proxies) {
  auto links = std::make_shared<TrackedLinks>(store, clock, std::move(public_base_url), std::move(trusted_proxies));
  router.add("GET", "/r/{token}", [links](http::Request request, http::RouteParams params, http::Responder respond) {
    links->click(request, std::string(params.get("token")), std::move(respond));
  });
  router.add("GET", "/s/{token}", [links](http::Request request, http::RouteParams params, http::Responder respond) {
    links->share(request, std::string(params.get("token")), std::move(respond));
  });
}

}  // namespace ambassador::app
