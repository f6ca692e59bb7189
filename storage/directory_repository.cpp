#include "storage/directory_repository.hpp"

#include <exception>

#include "storage/transaction.hpp"

namespace ambassador::storage {
namespace {

constexpr const char* kChannelColumns =
    "SELECT id, platform, workspace, channel_id, coalesce(department_id, ''), purpose, active, title FROM channels ";

ChannelRecord read_channel(Statement& row) {
  return {row.getColumn(0).getInt64(),    row.getColumn(1).getString(), row.getColumn(2).getString(),
          row.getColumn(3).getString(),   row.getColumn(4).getString(), row.getColumn(5).getString(),
          row.getColumn(6).getInt() != 0, row.getColumn(7).getString()};
}

DepartmentRecord read_department(Statement& row) {
  return {row.getColumn(0).getString(), row.getColumn(1).getString(), row.getColumn(2).getString(),
          row.getColumn(3).getString()};
}

}  // namespace

void DirectoryRepository::upsert_department(const DepartmentRecord& department) {
  auto& upsert = db_.prepare(
      "INSERT INTO departments(id, name, time_zone, language) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone, "
      "language = excluded.language");
  upsert.bind(1, department.id);
  upsert.bind(2, department.name);
  upsert.bind(3, department.time_zone);
  upsert.bind(4, department.language);
  upsert.exec();
}

std::optional<DepartmentRecord> DirectoryRepository::department(std::string_view id) {
  auto& select = db_.prepare("SELECT id, name, time_zone, language FROM departments WHERE id = ?");
  select.bind(1, std::string(id));
  if (!select.executeStep()) return std::nullopt;
  return read_department(select);
}

std::vector<DepartmentRecord> DirectoryRepository::departments() {
  auto& select = db_.prepare("SELECT id, name, time_zone, language FROM departments ORDER BY id");
  std::vector<DepartmentRecord> result;
  while (select.executeStep()) result.push_back(read_department(select));
  return result;
}

std::int64_t DirectoryRepository::upsert_channel(const ChannelRecord& channel, std::int64_t now_ms) {
  auto& upsert = db_.prepare(
      "INSERT INTO channels(platform, workspace, channel_id, department_id, purpose, active, title, created_at) "
      "VALUES (?, ?, ?, nullif(?, ''), ?, ?, ?, ?) "
      "ON CONFLICT (platform, workspace, channel_id) DO UPDATE SET "
      " department_id = coalesce(excluded.department_id, channels.department_id),"
      " purpose = CASE WHEN excluded.department_id IS NULL THEN channels.purpose ELSE excluded.purpose END,"
      " active = excluded.active,"
      " title = CASE WHEN excluded.title = '' THEN channels.title ELSE excluded.title END "
      "RETURNING id");
  upsert.bind(1, channel.platform);
  upsert.bind(2, channel.workspace);
  upsert.bind(3, channel.channel_id);
  upsert.bind(4, channel.department_id);
  upsert.bind(5, channel.purpose);
  upsert.bind(6, channel.active ? 1 : 0);
  upsert.bind(7, channel.title);
  upsert.bind(8, static_cast<std::int64_t>(now_ms));
  upsert.executeStep();
  const auto id = upsert.getColumn(0).getInt64();
  upsert.reset();
  return id;
}

std::optional<ChannelRecord> DirectoryRepository::channel(std::string_view platform, std::string_view workspace,
                                                          std::string_view channel_id) {
  auto& select = db_.prepare(std::string(kChannelColumns) + "WHERE platform = ? AND workspace = ? AND channel_id = ?");
  select.bind(1, std::string(platform));
  select.bind(2, std::string(workspace));
  select.bind(3, std::string(channel_id));
  if (!select.executeStep()) return std::nullopt;
  return read_channel(select);
}

std::vector<ChannelRecord> DirectoryRepository::channels_of_department(std::string_view department_id,
                                                                       std::string_view purpose) {
  auto& select =
      db_.prepare(std::string(kChannelColumns) + "WHERE department_id = ? AND purpose = ? AND active = 1 ORDER BY id");
  select.bind(1, std::string(department_id));
  select.bind(2, std::string(purpose));
  std::vector<ChannelRecord> result;
  while (select.executeStep()) result.push_back(read_channel(select));
  return result;
}

std::vector<ChannelRecord> DirectoryRepository::linked_channels_with_purpose(std::string_view purpose) {
  auto& select =
      db_.prepare(std::string(kChannelColumns) +
                  "WHERE department_id IS NOT NULL AND purpose = ? AND active = 1 ORDER BY department_id, id");
  select.bind(1, std::string(purpose));
  std::vector<ChannelRecord> result;
  while (select.executeStep()) result.push_back(read_channel(select));
  return result;
}

void DirectoryRepository::set_channel_active(std::string_view platform, std::string_view workspace,
                                             std::string_view channel_id, bool active) {
  auto& update = db_.prepare("UPDATE channels SET active = ? WHERE platform = ? AND workspace = ? AND channel_id = ?");
  update.bind(1, active ? 1 : 0);
  update.bind(2, std::string(platform));
  update.bind(3, std::string(workspace));
  update.bind(4, std::string(channel_id));
  update.exec();
}

int DirectoryRepository::unlink_channels_except(const std::vector<std::int64_t>& kept) {
  // The ids as one parameter: a JSON array for SQLite, an array literal for PostgreSQL.
  const bool postgres = db_.backend() == Backend::postgres;
  std::string ids(postgres ? "{" : "[");
  for (const auto id : kept) ids += (ids.size() > 1 ? "," : "") + std::to_string(id);
  ids += postgres ? "}" : "]";
  auto& update = db_.prepare(sql_for(db_,
                                     "UPDATE channels SET department_id = NULL"
                                     " WHERE department_id IS NOT NULL AND id NOT IN (SELECT value FROM json_each(?))",
                                     "UPDATE channels SET department_id = NULL"
                                     " WHERE department_id IS NOT NULL AND id <> ALL (CAST(? AS BIGINT[]))"));
  update.bind(1, ids);
  return update.exec();
}

ChannelMove DirectoryRepository::move_channel(std::string_view platform, std::string_view workspace,
                                              std::string_view old_id, std::string_view new_id) {
  if (old_id == new_id) return channel(platform, workspace, old_id) ? ChannelMove::moved : ChannelMove::not_found;
  remember_move(platform, workspace, old_id, new_id);
  // The usual case in one statement; it leaves the row alone when the new id is taken (merged below).
  auto& rename = db_.prepare(
      "UPDATE channels SET channel_id = ?1 WHERE platform = ?2 AND workspace = ?3 AND channel_id = ?4"
      " AND NOT EXISTS (SELECT 1 FROM channels taken WHERE taken.platform = ?2 AND taken.workspace = ?3"
      " AND taken.channel_id = ?1)");
  rename.bind(1, std::string(new_id));
  rename.bind(2, std::string(platform));
  rename.bind(3, std::string(workspace));
  rename.bind(4, std::string(old_id));
  if (rename.exec() == 1) return ChannelMove::moved;

  const auto old_row = channel(platform, workspace, old_id);
  const auto new_row = channel(platform, workspace, new_id);
  if (!old_row || !new_row) return ChannelMove::not_found;  // the rename skipped no row: there was none to move

  // A savepoint nests inside the caller's transaction (the inbox runs each event in one) and stands alone without.
  Savepoint savepoint(db_, "move_channel");
  {
    auto& merge = db_.prepare(
        "UPDATE channels SET"
        " department_id = coalesce(channels.department_id, gone.department_id),"
        " purpose = CASE WHEN channels.department_id IS NULL AND gone.department_id IS NOT NULL THEN gone.purpose"
        "           ELSE channels.purpose END,"
        " active = CASE WHEN channels.active > gone.active THEN channels.active ELSE gone.active END,"
        " title = CASE WHEN channels.title = '' THEN gone.title ELSE channels.title END "
        "FROM (SELECT department_id, purpose, active, title FROM channels WHERE id = ?) AS gone "
        "WHERE channels.id = ?");
    merge.bind(1, static_cast<std::int64_t>(old_row->id));
    merge.bind(2, static_cast<std::int64_t>(new_row->id));
    merge.exec();
    auto& refs = db_.prepare("UPDATE outbox SET channel_ref = ? WHERE channel_ref = ?");
    refs.bind(1, static_cast<std::int64_t>(new_row->id));
    refs.bind(2, static_cast<std::int64_t>(old_row->id));
    refs.exec();
    auto& remove = db_.prepare("DELETE FROM channels WHERE id = ?");
    remove.bind(1, static_cast<std::int64_t>(old_row->id));
    remove.exec();
  }
  savepoint.release();
  return ChannelMove::merged;
}

// Kept one hop deep: a later move re-points every id that led to the old one, and a move back forgets the loop.
void DirectoryRepository::remember_move(std::string_view platform, std::string_view workspace, std::string_view old_id,
                                        std::string_view new_id) {
  auto& forget_loop = db_.prepare("DELETE FROM channel_moves WHERE platform = ? AND workspace = ? AND old_id = ?");
  forget_loop.bind(1, std::string(platform));
  forget_loop.bind(2, std::string(workspace));
  forget_loop.bind(3, std::string(new_id));
  forget_loop.exec();
  auto& repoint =
      db_.prepare("UPDATE channel_moves SET new_id = ? WHERE platform = ? AND workspace = ? AND new_id = ?");
  repoint.bind(1, std::string(new_id));
  repoint.bind(2, std::string(platform));
  repoint.bind(3, std::string(workspace));
  repoint.bind(4, std::string(old_id));
  repoint.exec();
  auto& record = db_.prepare(
      "INSERT INTO channel_moves(platform, workspace, old_id, new_id) VALUES (?, ?, ?, ?)"
      " ON CONFLICT (platform, workspace, old_id) DO UPDATE SET new_id = excluded.new_id");
  record.bind(1, std::string(platform));
  record.bind(2, std::string(workspace));
  record.bind(3, std::string(old_id));
  record.bind(4, std::string(new_id));
  record.exec();
}

std::string DirectoryRepository::current_channel_id(std::string_view platform, std::string_view workspace,
                                                    std::string_view channel_id) {
  auto& select = db_.prepare("SELECT new_id FROM channel_moves WHERE platform = ? AND workspace = ? AND old_id = ?");
  select.bind(1, std::string(platform));
  select.bind(2, std::string(workspace));
  select.bind(3, std::string(channel_id));
  std::string current(channel_id);
  if (select.executeStep()) current = select.getColumn(0).getString();
  return current;
}

}  // namespace ambassador::storage
