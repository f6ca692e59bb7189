#pragma once
// The inbound seam every platform implements: verify a request, then parse it into neutral events.
// Both are pure functions of the request (and the clock), unit-tested without sockets.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "bot/http/http_types.hpp"
#include "bot/incoming_event.hpp"

namespace ambassador::adapters {

struct VerifyResult {
  bool ok = false;
  int status = 401;    // what to answer when !ok (401 bad/missing signature, 403 wrong audience, ...)
  std::string reason;  // for the log only; never echoes secrets

  static VerifyResult accept() { return {true, 200, {}}; }
  static VerifyResult reject(int status, std::string reason) { return {false, status, std::move(reason)}; }
};

struct ParseResult {
  std::vector<IncomingEvent> events;    // to store in the inbox (deduplicated by event_key)
  std::optional<http::Response> reply;  // answer to send instead of the default 200 (e.g. Slack challenge)
  std::string error;                    // set: the request is unusable; answer 400 with it, store nothing
  bool ignored = false;                 // well-formed but nothing for us (unknown event type): 200, log once

  static ParseResult failure(std::string why) {
    ParseResult r;
    r.error = std::move(why);
    return r;
  }
  static ParseResult nothing() {
    ParseResult r;
    r.ignored = true;
    return r;
  }
  static ParseResult single(IncomingEvent event) {
    ParseResult r;
    r.events.push_back(std::move(event));
    return r;
  }
};

// What the webhook route does with a request: the verdict, and what it parsed when (and only when) it was verified.
struct Ingest {
  VerifyResult verdict;
  ParseResult parsed;
};

class WebhookAdapter {
 public:
  virtual ~WebhookAdapter() = default;
  virtual std::string_view platform() const = 0;
  // The POST paths this adapter answers, e.g. {"/slack/events", "/slack/commands"}.
  virtual std::vector<std::string> paths() const = 0;
  virtual VerifyResult verify(const http::Request& request, std::chrono::system_clock::time_point now) const = 0;
  virtual ParseResult parse(const http::Request& request) const = 0;
  // verify, then parse if verified. An adapter that has to read the body to verify it (Teams) overrides this to
  // read the body once.
  virtual Ingest verify_and_parse(const http::Request& request, std::chrono::system_clock::time_point now) const {
    Ingest ingest{verify(request, now), {}};
    if (ingest.verdict.ok) ingest.parsed = parse(request);
    return ingest;
  }
};

}  // namespace ambassador::adapters
