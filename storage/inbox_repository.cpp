#include "storage/inbox_repository.hpp"

namespace ambassador::storage {

bool InboxRepository::append(const std::string& platform, const std::string& event_key, const std::string& payload,
                             std::int64_t now_ms, bool settled) {
  auto& insert =
      db_.prepare(settled ? "INSERT INTO inbox(platform, event_key, payload, received_at, status, processed_at)"
                            " VALUES (?1, ?2, ?3, ?4, 'done', ?4) ON CONFLICT (platform, event_key) DO NOTHING"
                          : "INSERT INTO inbox(platform, event_key, payload, received_at) VALUES (?1, ?2, ?3, ?4) "
                            "ON CONFLICT (platform, event_key) DO NOTHING");
  // The std::string overloads bind TEXT (a pointer and size would bind a BLOB, which never equals a TEXT in a
  // WHERE clause); no copy, as the strings outlive the statement's execution here.
  insert.bindNoCopy(1, platform);
  insert.bindNoCopy(2, event_key);
  insert.bindNoCopy(3, payload);
  insert.bind(4, static_cast<std::int64_t>(now_ms));
  return insert.exec() == 1;
}

std::vector<InboxRecord> InboxRepository::pending(std::size_t limit) {
  // Another instance's pass holds its events until it commits: they are skipped, not handled twice.
  auto& select = db_.prepare(
      sql_for(db_, "SELECT id, platform, event_key, payload FROM inbox WHERE status = 'pending' ORDER BY id LIMIT ?",
              "SELECT id, platform, event_key, payload FROM inbox WHERE status = 'pending' ORDER BY id LIMIT ?"
              " FOR UPDATE SKIP LOCKED"));
  select.bind(1, static_cast<std::int64_t>(limit));
  std::vector<InboxRecord> records;
  while (select.executeStep()) {
    records.push_back({select.getColumn(0).getInt64(), select.getColumn(1).getString(), select.getColumn(2).getString(),
                       select.getColumn(3).getString()});
  }
  return records;
}

void InboxRepository::mark_done(std::int64_t id, std::int64_t now_ms) {
  auto& update = db_.prepare("UPDATE inbox SET status = 'done', processed_at = ? WHERE id = ?");
  update.bind(1, static_cast<std::int64_t>(now_ms));
  update.bind(2, static_cast<std::int64_t>(id));
  update.exec();
}

void InboxRepository::mark_failed(std::int64_t id, std::string_view error, std::int64_t now_ms) {
  auto& update = db_.prepare("UPDATE inbox SET status = 'failed', error = ?, processed_at = ? WHERE id = ?");
  update.bind(1, std::string(error));
  update.bind(2, static_cast<std::int64_t>(now_ms));
  update.bind(3, static_cast<std::int64_t>(id));
  update.exec();
}

void InboxRepository::set_payload(std::int64_t id, const std::string& payload) {
  auto& update = db_.prepare("UPDATE inbox SET payload = ? WHERE id = ?");
  update.bindNoCopy(1, payload);
  update.bind(2, static_cast<std::int64_t>(id));
  update.exec();
}

std::int64_t InboxRepository::count(std::string_view status) {
  auto& select = db_.prepare("SELECT count(*) FROM inbox WHERE status = ?");
  select.bind(1, std::string(status));
  select.executeStep();
  return select.getColumn(0).getInt64();
}

std::int64_t InboxRepository::count_for_platform(std::string_view platform) {
  auto& select = db_.prepare("SELECT count(*) FROM inbox WHERE platform = ?");
  select.bind(1, std::string(platform));
  select.executeStep();
  return select.getColumn(0).getInt64();
}

int InboxRepository::purge_processed_before(std::int64_t before_ms, std::size_t limit) {
  auto& remove = db_.prepare(
      "DELETE FROM inbox WHERE id IN"
      " (SELECT id FROM inbox WHERE received_at < ? AND status <> 'pending' LIMIT ?)");
  remove.bind(1, static_cast<std::int64_t>(before_ms));
  remove.bind(2, static_cast<std::int64_t>(limit));
  return remove.exec();
}

}  // namespace ambassador::storage
