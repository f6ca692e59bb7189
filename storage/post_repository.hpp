#pragma once
// Suggested posts as editors prepare them, and their life cycle:
// draft → scheduled → sending (fan-out queued) → sent (every delivery settled); or cancelled / expired.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/connection.hpp"

namespace ambassador::storage {

struct PostRecord {
  std::int64_t id = 0;
  std::string title;
  std::string body;
  std::string link_url;
  std::string image_url;
  std::string suggested_texts = "{}";  // JSON object: "all", "linkedin", "x", "facebook"
  std::vector<std::string> themes;
  std::vector<std::string> departments;  // empty: every department
  std::vector<std::string> roles;        // empty: every role (direct messages only)
  bool direct_messages = false;          // also message matching ambassadors one-to-one
  std::optional<std::int64_t> publish_at_ms;
  std::optional<std::int64_t> expires_at_ms;
  std::string status = "draft";
  std::string created_by;
  std::optional<std::int64_t> source_idea_id;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::optional<std::int64_t> sent_at_ms;
};

struct PostFilter {
  std::string status;      // "" any
  std::string theme;       // "" any
  std::string department;  // "" any (a post targeting every department matches any)
  std::int64_t after_id = 0;
  std::size_t limit = 100;
};

class PostRepository {
 public:
  explicit PostRepository(Connection& connection) : db_(connection) {}

  std::int64_t insert(const PostRecord& post);
  void update(const PostRecord& post);  // every editable field, status and updated_at
  std::optional<PostRecord> find(std::int64_t id);
  std::vector<PostRecord> list(const PostFilter& filter);
  // Scheduled posts whose publish time has come, oldest first.
  std::vector<PostRecord> due(std::int64_t now_ms, std::size_t limit);
  void set_status(std::int64_t id, std::string_view status, std::int64_t now_ms);
  // Posts in 'sending' whose deliveries are all settled (none pending or sending).
  std::vector<std::int64_t> settled_sending();
  // Sending/sent posts past their expiry time.
  std::vector<std::int64_t> expired_since(std::int64_t now_ms);

 private:
  Connection& db_;
};

std::string to_json_array(const std::vector<std::string>& values);
std::vector<std::string> from_json_array(const std::string& json);

}  // namespace ambassador::storage
