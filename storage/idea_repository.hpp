#pragma once
// Content ideas ambassadors send in ("the infinite content loop"): pending until an editor approves
// (it becomes a draft post) or rejects it with a note; the contributor hears the outcome either way.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/connection.hpp"

namespace ambassador::storage {

struct IdeaRecord {
  std::int64_t id = 0;
  std::optional<std::int64_t> ambassador_id;
  std::string platform, workspace, user_id, channel_id;
  bool direct = false;
  std::string text;
  std::string status = "pending";
  std::string review_note, reviewed_by;
  std::optional<std::int64_t> post_id;
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> reviewed_at_ms;
};

class IdeaRepository {
 public:
  explicit IdeaRepository(Connection& connection) : db_(connection) {}
  std::int64_t insert(const IdeaRecord& idea);
  std::optional<IdeaRecord> find(std::int64_t id);
  std::vector<IdeaRecord> list(std::string_view status, std::size_t limit);
  void review(std::int64_t id, std::string_view status, std::string_view note, std::string_view reviewer,
              std::optional<std::int64_t> post_id, std::int64_t now_ms);

 private:
  Connection& db_;
};

}  // namespace ambassador::storage
