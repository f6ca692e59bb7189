#pragma once
// token → where a click on it goes, in memory, bounded and shared by the HTTP threads. Tokens never change
// meaning, so entries never go stale; they are only dropped to stay within the bound.
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ambassador::tracking {

// Two generations instead of an LRU list: lookups hit `recent_` or are promoted from `older_`; when `recent_`
// holds half the capacity it becomes `older_` and the previous `older_` is dropped. So at most `capacity`
// entries, O(1) per operation, and links clicked in the last half-capacity lookups stay.
class LinkCache {
 public:
  explicit LinkCache(std::size_t capacity);

  std::optional<std::string> find(std::string_view token);
  void insert(std::string token, std::string location);
  std::size_t size() const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  using Map = std::unordered_map<std::string, std::string, Hash, std::equal_to<>>;

  void insert_locked(std::string token, std::string location);

  const std::size_t generation_size_;
  mutable std::mutex mutex_;
  Map recent_;
  Map older_;
};

}  // namespace ambassador::tracking
