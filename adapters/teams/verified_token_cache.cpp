#include "adapters/teams/verified_token_cache.hpp"

namespace ambassador::adapters::teams {

VerifiedTokenCache::VerifiedTokenCache(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

std::optional<VerifiedToken> VerifiedTokenCache::find(std::string_view token) const {
  const std::lock_guard lock(mutex_);
  const auto it = tokens_.find(token);
  if (it == tokens_.end()) return std::nullopt;
  return it->second;
}

void VerifiedTokenCache::remember(std::string_view token, VerifiedToken verified, std::int64_t now_seconds,
                                  std::int64_t leeway_seconds) {
  const std::lock_guard lock(mutex_);
  if (tokens_.size() >= capacity_ && !tokens_.contains(token)) {
    std::erase_if(tokens_, [&](const auto& entry) { return now_seconds > entry.second.expires + leeway_seconds; });
    if (tokens_.size() >= capacity_) tokens_.clear();
  }
  tokens_.insert_or_assign(std::string(token), std::move(verified));
}

std::size_t VerifiedTokenCache::size() const {
  const std::lock_guard lock(mutex_);
  return tokens_.size();
}

}  // namespace ambassador::adapters::teams
