#pragma once
// The Bot Framework signs one token and sends it with every activity for up to an hour; an RS256 verification costs
// more than everything else an activity needs. So a token whose signature and fixed claims have been checked is
// remembered, by its exact text, until it expires: a repeat costs a hash and a compare. What depends on the request
// (the time, the activity's serviceUrl and channel) is still checked every time, and a remembered token counts only
// while its kid still maps to the very key that verified it (a key set refreshed or rotated means checking again).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <openssl/types.h>

namespace ambassador::adapters::teams {

// What a verified token says that the per-request checks read.
struct VerifiedToken {
  std::string kid;
  std::shared_ptr<EVP_PKEY> key;  // the key that verified the signature; held, so the identity compare stays sound
  std::int64_t expires = 0;       // exp, seconds since the epoch
  std::optional<std::int64_t> not_before;
  std::string service_url;  // the serviceurl claim
};

// Thread-safe and bounded: at most `capacity` tokens; when full, those expired `leeway_seconds` before now go, and if
// that frees nothing, all go (the cost is one verification per live token, as at start-up).
class VerifiedTokenCache {
 public:
  explicit VerifiedTokenCache(std::size_t capacity = 256);

  // The remembered token, expired or not (the caller checks the time, so a replayed expired token costs no RSA).
  std::optional<VerifiedToken> find(std::string_view token) const;
  void remember(std::string_view token, VerifiedToken verified, std::int64_t now_seconds, std::int64_t leeway_seconds);
  std::size_t size() const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, VerifiedToken, Hash, std::equal_to<>> tokens_;
};

}  // namespace ambassador::adapters::teams
