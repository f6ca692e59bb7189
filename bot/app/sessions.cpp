#include "bot/app/sessions.hpp"

#include <array>
#include <span>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "encoding/hex.hpp"

namespace ambassador::app {
namespace {

std::string random_hex() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    throw std::runtime_error("sessions: the random generator failed; refusing to make a guessable session");
  return encoding::lowercase_hex(bytes);
}

std::string sha256_hex(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("sessions: SHA-256 is not available");
  return encoding::lowercase_hex(std::span(digest.data(), size));
}

constexpr std::int64_t kMinuteMs = 60'000;

}  // namespace

SessionRegistry::SessionRegistry(const Clock& clock, SessionOptions options) : clock_(clock), options_(options) {}

OpenedSession SessionRegistry::open(std::string name, std::string role) {
  const auto now = clock_.now_ms();
  OpenedSession opened{random_hex(), Session{std::move(name), std::move(role), random_hex(), now, now}};
  const auto key = sha256_hex(opened.cookie_value);
  std::lock_guard lock(mutex_);
  // Sessions past their limits go when a new one comes, so the map holds only what can still be used.
  std::erase_if(sessions_, [&](const auto& entry) {
    return now - entry.second.last_seen_ms >= options_.idle.count() ||
           now - entry.second.created_ms >= options_.absolute.count();
  });
  sessions_[key] = opened.session;
  return opened;
}

std::optional<Session> SessionRegistry::find(std::string_view cookie_value) {
  if (cookie_value.size() != 64) return std::nullopt;
  const auto key = sha256_hex(cookie_value);
  const auto now = clock_.now_ms();
  std::lock_guard lock(mutex_);
  const auto found = sessions_.find(key);
  if (found == sessions_.end()) return std::nullopt;
  auto& session = found->second;
  if (now - session.last_seen_ms >= options_.idle.count() || now - session.created_ms >= options_.absolute.count()) {
    sessions_.erase(found);
    return std::nullopt;
  }
  session.last_seen_ms = now;
  return session;
}

void SessionRegistry::close(std::string_view cookie_value) {
  const auto key = sha256_hex(cookie_value);
  std::lock_guard lock(mutex_);
  sessions_.erase(key);
}

bool SessionRegistry::allow_sign_in(const std::string& peer) {
  const auto now = clock_.now_ms();
  std::lock_guard lock(mutex_);
  if (attempts_.size() > 10'000)  // bounded: forget windows that are over
    std::erase_if(attempts_, [&](const auto& entry) { return now - entry.second.first >= kMinuteMs; });
  auto& [window_start, count] = attempts_[peer];
  if (now - window_start >= kMinuteMs) {
    window_start = now;
    count = 0;
  }
  return ++count <= options_.sign_ins_per_minute;
}

std::chrono::seconds SessionRegistry::max_age() const {
  return std::chrono::duration_cast<std::chrono::seconds>(options_.absolute);
}

std::string_view session_cookie(std::string_view header) {
  while (!header.empty()) {
    const auto end = header.find(';');
    auto pair = header.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.substr(0, kSessionCookie.size()) == kSessionCookie && pair.size() > kSessionCookie.size() &&
        pair[kSessionCookie.size()] == '=')
      return pair.substr(kSessionCookie.size() + 1);
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return {};
}

bool csrf_matches(const Session& session, std::string_view presented) {
  return presented.size() == session.csrf_token.size() &&
         CRYPTO_memcmp(presented.data(), session.csrf_token.data(), presented.size()) == 0;
}

}  // namespace ambassador::app
