#include "bot/tracking/link_cache.hpp"

#include <algorithm>

namespace ambassador::tracking {

LinkCache::LinkCache(std::size_t capacity) : generation_size_(std::max<std::size_t>(1, capacity / 2)) {}

std::optional<std::string> LinkCache::find(std::string_view token) {
  std::lock_guard lock(mutex_);
  if (auto it = recent_.find(token); it != recent_.end()) return it->second;
  auto it = older_.find(token);
  if (it == older_.end()) return std::nullopt;
  auto node = older_.extract(it);
  std::string location = node.mapped();
  insert_locked(std::move(node.key()), std::move(node.mapped()));
  return location;
}

void LinkCache::insert(std::string token, std::string location) {
  std::lock_guard lock(mutex_);
  older_.erase(token);
  insert_locked(std::move(token), std::move(location));
}

void LinkCache::insert_locked(std::string token, std::string location) {
  if (recent_.size() >= generation_size_ && !recent_.contains(token)) {
    older_ = std::move(recent_);
    recent_ = Map();
  }
  recent_.insert_or_assign(std::move(token), std::move(location));
}

std::size_t LinkCache::size() const {
  std::lock_guard lock(mutex_);
  return recent_.size() + older_.size();
}

}  // namespace ambassador::tracking
