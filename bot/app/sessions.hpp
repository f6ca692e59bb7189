#pragma once
// Dashboard sessions: signing in with an API token gives a random 256-bit cookie (ab_session) that stands for the
// token's holder and role until it is idle too long or too old. Only the cookie's SHA-256 is kept, in memory: a
// restart (e.g. after a token was removed from the config) signs everyone out. Each session has a CSRF token the
// page must send with every write. Sign-in attempts are limited per peer address, so guessing tokens is pointless.
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "bot/clock.hpp"

namespace ambassador::app {

inline constexpr std::string_view kSessionCookie = "ab_session";

struct SessionOptions {
  std::chrono::milliseconds idle{std::chrono::hours(8)};
  std::chrono::milliseconds absolute{std::chrono::hours(12)};
  int sign_ins_per_minute = 10;  // per peer address
};

struct Session {
  std::string name, role;
  std::string csrf_token;
  std::int64_t created_ms = 0, last_seen_ms = 0;
};

struct OpenedSession {
  std::string cookie_value;  // 64 hex characters (256 random bits)
  Session session;
};

class SessionRegistry {
 public:
  explicit SessionRegistry(const Clock& clock, SessionOptions options = {});

  // Throws std::runtime_error when the random generator fails (never a weak session).
  OpenedSession open(std::string name, std::string role);
  // The live session of the cookie, its idle timer restarted; nullopt when unknown, idle or too old.
  std::optional<Session> find(std::string_view cookie_value);
  void close(std::string_view cookie_value);
  // Counts a sign-in attempt from `peer`; false once it made sign_ins_per_minute in the last minute.
  bool allow_sign_in(const std::string& peer);

  // How long the cookie may live (its Max-Age): the absolute limit.
  std::chrono::seconds max_age() const;

 private:
  const Clock& clock_;
  SessionOptions options_;
  std::mutex mutex_;
  std::unordered_map<std::string, Session> sessions_;             // by SHA-256 of the cookie value
  std::map<std::string, std::pair<std::int64_t, int>> attempts_;  // peer → (window start, attempts in it)
};

// The ab_session value in a Cookie header ("a=1; ab_session=...; b=2"), empty when absent.
std::string_view session_cookie(std::string_view cookie_header);
// Constant-time comparison of the presented CSRF token with the session's.
bool csrf_matches(const Session& session, std::string_view presented);

}  // namespace ambassador::app
