#include "storage/idea_repository.hpp"

#include "storage/sql_values.hpp"

namespace ambassador::storage {
namespace {

constexpr const char* kColumns =
    "SELECT id, ambassador_id, platform, workspace, user_id, channel_id, direct, text, status, review_note,"
    " reviewed_by, post_id, created_at, reviewed_at FROM ideas ";

IdeaRecord read_row(Statement& row) {
  IdeaRecord i;
  i.id = row.getColumn(0).getInt64();
  i.ambassador_id = optional_int(row.getColumn(1));
  i.platform = row.getColumn(2).getString();
  i.workspace = row.getColumn(3).getString();
  i.user_id = row.getColumn(4).getString();
  i.channel_id = row.getColumn(5).getString();
  i.direct = row.getColumn(6).getInt() != 0;
  i.text = row.getColumn(7).getString();
  i.status = row.getColumn(8).getString();
  i.review_note = row.getColumn(9).getString();
  i.reviewed_by = row.getColumn(10).getString();
  i.post_id = optional_int(row.getColumn(11));
  i.created_at_ms = row.getColumn(12).getInt64();
  i.reviewed_at_ms = optional_int(row.getColumn(13));
  return i;
}

}  // namespace

std::int64_t IdeaRepository::insert(const IdeaRecord& idea) {
  auto& insert = db_.prepare(
      "INSERT INTO ideas(ambassador_id, platform, workspace, user_id, channel_id, direct, text, created_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  bind_optional(insert, 1, idea.ambassador_id);
  insert.bind(2, idea.platform);
  insert.bind(3, idea.workspace);
  insert.bind(4, idea.user_id);
  insert.bind(5, idea.channel_id);
  insert.bind(6, idea.direct ? 1 : 0);
  insert.bind(7, idea.text);
  insert.bind(8, static_cast<std::int64_t>(idea.created_at_ms));
  insert.exec();
  return db_.last_insert_id();
}

std::optional<IdeaRecord> IdeaRepository::find(std::int64_t id) {
  auto& select = db_.prepare(std::string(kColumns) + "WHERE id = ?");
  select.bind(1, static_cast<std::int64_t>(id));
  if (!select.executeStep()) return std::nullopt;
  return read_row(select);
}

std::vector<IdeaRecord> IdeaRepository::list(std::string_view status, std::size_t limit) {
  auto& select = db_.prepare(std::string(kColumns) + "WHERE (?1 = '' OR status = ?1) ORDER BY id LIMIT ?2");
  select.bind(1, std::string(status));
  select.bind(2, static_cast<std::int64_t>(limit));
  std::vector<IdeaRecord> ideas;
  while (select.executeStep()) ideas.push_back(read_row(select));
  return ideas;
}

void IdeaRepository::review(std::int64_t id, std::string_view status, std::string_view note, std::string_view reviewer,
                            std::optional<std::int64_t> post_id, std::int64_t now_ms) {
  auto& update = db_.prepare(
      "UPDATE ideas SET status = ?, review_note = ?, reviewed_by = ?, post_id = ?, reviewed_at = ? WHERE id = ?");
  update.bind(1, std::string(status));
  update.bind(2, std::string(note));
  update.bind(3, std::string(reviewer));
  bind_optional(update, 4, post_id);
  update.bind(5, static_cast<std::int64_t>(now_ms));
  update.bind(6, static_cast<std::int64_t>(id));
  update.exec();
}

}  // namespace ambassador::storage
