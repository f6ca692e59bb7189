#include "storage/post_repository.hpp"

#include "encoding/json_text.hpp"
#include "storage/sql_values.hpp"

#include <nlohmann/json.hpp>

namespace ambassador::storage {
namespace {

constexpr const char* kColumns =
    "SELECT id, title, body, link_url, image_url, suggested_texts, themes, departments, roles, direct_messages,"
    " publish_at, expires_at, status, created_by, source_idea_id, created_at, updated_at, sent_at FROM posts ";

PostRecord read_row(Statement& row) {
  PostRecord p;
  p.id = row.getColumn(0).getInt64();
  p.title = row.getColumn(1).getString();
  p.body = row.getColumn(2).getString();
  p.link_url = row.getColumn(3).getString();
  p.image_url = row.getColumn(4).getString();
  p.suggested_texts = row.getColumn(5).getString();
  p.themes = from_json_array(row.getColumn(6).getString());
  p.departments = from_json_array(row.getColumn(7).getString());
  p.roles = from_json_array(row.getColumn(8).getString());
  p.direct_messages = row.getColumn(9).getInt() != 0;
  p.publish_at_ms = optional_int(row.getColumn(10));
  p.expires_at_ms = optional_int(row.getColumn(11));
  p.status = row.getColumn(12).getString();
  p.created_by = row.getColumn(13).getString();
  p.source_idea_id = optional_int(row.getColumn(14));
  p.created_at_ms = row.getColumn(15).getInt64();
  p.updated_at_ms = row.getColumn(16).getInt64();
  p.sent_at_ms = optional_int(row.getColumn(17));
  return p;
}

// Binds the editable fields to parameters 1..13 (same order in INSERT and UPDATE).
void bind_fields(Statement& s, const PostRecord& p) {
  s.bind(1, p.title);
  s.bind(2, p.body);
  s.bind(3, p.link_url);
  s.bind(4, p.image_url);
  s.bind(5, p.suggested_texts);
  s.bind(6, to_json_array(p.themes));
  s.bind(7, to_json_array(p.departments));
  s.bind(8, to_json_array(p.roles));
  s.bind(9, p.direct_messages ? 1 : 0);
  bind_optional(s, 10, p.publish_at_ms);
  bind_optional(s, 11, p.expires_at_ms);
  s.bind(12, p.status);
  s.bind(13, static_cast<std::int64_t>(p.updated_at_ms));
}

std::vector<PostRecord> read_all(Statement& select) {
  std::vector<PostRecord> posts;
  while (select.executeStep()) posts.push_back(read_row(select));
  return posts;
}

}  // namespace

std::string to_json_array(const std::vector<std::string>& values) { return encoding::dump_json(values); }

std::vector<std::string> from_json_array(const std::string& json) {
  auto parsed = nlohmann::json::parse(json, nullptr, false);
  std::vector<std::string> values;
  if (!parsed.is_array()) return values;
  for (const auto& item : parsed)
    if (item.is_string()) values.push_back(item.get<std::string>());
  return values;
}

std::int64_t PostRepository::insert(const PostRecord& post) {
  auto& insert = db_.prepare(
      "INSERT INTO posts(title, body, link_url, image_url, suggested_texts, themes, departments, roles,"
      " direct_messages, publish_at, expires_at, status, updated_at, created_by, source_idea_id, created_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  bind_fields(insert, post);
  insert.bind(14, post.created_by);
  bind_optional(insert, 15, post.source_idea_id);
  insert.bind(16, static_cast<std::int64_t>(post.created_at_ms));
  insert.exec();
  return db_.last_insert_id();
}

void PostRepository::update(const PostRecord& post) {
  auto& update = db_.prepare(
      "UPDATE posts SET title = ?, body = ?, link_url = ?, image_url = ?, suggested_texts = ?, themes = ?,"
      " departments = ?, roles = ?, direct_messages = ?, publish_at = ?, expires_at = ?, status = ?, updated_at = ?"
      " WHERE id = ?");
  bind_fields(update, post);
  update.bind(14, static_cast<std::int64_t>(post.id));
  update.exec();
}

std::optional<PostRecord> PostRepository::find(std::int64_t id) {
  auto& select = db_.prepare(std::string(kColumns) + "WHERE id = ?");
  select.bind(1, static_cast<std::int64_t>(id));
  if (!select.executeStep()) return std::nullopt;
  return read_row(select);
}

std::vector<PostRecord> PostRepository::list(const PostFilter& filter) {
  auto& select = db_.prepare(
      std::string(kColumns) +
      sql_for(db_,
              "WHERE id > ?1 AND (?2 = '' OR status = ?2)"
              " AND (?3 = '' OR EXISTS (SELECT 1 FROM json_each(themes) WHERE value = ?3))"
              " AND (?4 = '' OR departments = '[]'"
              "      OR EXISTS (SELECT 1 FROM json_each(departments) WHERE value = ?4))"
              " ORDER BY id LIMIT ?5",
              "WHERE id > ?1 AND (?2 = '' OR status = ?2)"
              " AND (?3 = '' OR EXISTS (SELECT 1 FROM json_array_elements_text(CAST(themes AS JSON)) WHERE value = ?3))"
              " AND (?4 = '' OR departments = '[]'"
              "      OR EXISTS (SELECT 1 FROM json_array_elements_text(CAST(departments AS JSON)) WHERE value = ?4))"
              " ORDER BY id LIMIT ?5"));
  select.bind(1, static_cast<std::int64_t>(filter.after_id));
  select.bind(2, filter.status);
  select.bind(3, filter.theme);
  select.bind(4, filter.department);
  select.bind(5, static_cast<std::int64_t>(filter.limit));
  return read_all(select);
}

std::vector<PostRecord> PostRepository::due(std::int64_t now_ms, std::size_t limit) {
  auto& select = db_.prepare(std::string(kColumns) +
                             "WHERE status = 'scheduled' AND publish_at <= ? ORDER BY publish_at, id LIMIT ?");
  select.bind(1, static_cast<std::int64_t>(now_ms));
  select.bind(2, static_cast<std::int64_t>(limit));
  return read_all(select);
}

void PostRepository::set_status(std::int64_t id, std::string_view status, std::int64_t now_ms) {
  auto& update = db_.prepare(
      "UPDATE posts SET status = ?1, updated_at = ?2,"
      " sent_at = CASE WHEN ?1 = 'sent' THEN ?2 ELSE sent_at END WHERE id = ?3");
  update.bind(1, std::string(status));
  update.bind(2, static_cast<std::int64_t>(now_ms));
  update.bind(3, static_cast<std::int64_t>(id));
  update.exec();
}

std::vector<std::int64_t> PostRepository::settled_sending() {
  auto& select = db_.prepare(
      "SELECT p.id FROM posts p WHERE p.status = 'sending' AND NOT EXISTS ("
      " SELECT 1 FROM outbox o WHERE o.post_id = p.id AND o.status IN ('pending', 'claimed', 'sending'))");
  std::vector<std::int64_t> ids;
  while (select.executeStep()) ids.push_back(select.getColumn(0).getInt64());
  return ids;
}

std::vector<std::int64_t> PostRepository::expired_since(std::int64_t now_ms) {
  auto& select = db_.prepare(
      "SELECT id FROM posts WHERE status IN ('sending', 'sent') AND expires_at IS NOT NULL AND expires_at <= ?");
  select.bind(1, static_cast<std::int64_t>(now_ms));
  std::vector<std::int64_t> ids;
  while (select.executeStep()) ids.push_back(select.getColumn(0).getInt64());
  return ids;
}

}  // namespace ambassador::storage
