#include "storage/ambassador_repository.hpp"

#include "storage/sql_values.hpp"

namespace ambassador::storage {
namespace {

constexpr const char* kColumns =
    "SELECT a.id, a.display_name, coalesce(a.department_id, ''), a.opted_out_at, a.consent_at FROM ambassadors a ";

AmbassadorRecord read_row(Statement& row) {
  AmbassadorRecord record;
  record.id = row.getColumn(0).getInt64();
  record.display_name = row.getColumn(1).getString();
  record.department_id = row.getColumn(2).getString();
  record.opted_out_at_ms = optional_int(row.getColumn(3));
  record.consent_at_ms = optional_int(row.getColumn(4));
  return record;
}

}  // namespace

std::vector<std::string> AmbassadorRepository::strings_of(const char* sql, std::int64_t id) {
  auto& select = db_.prepare(sql);
  select.bind(1, static_cast<std::int64_t>(id));
  std::vector<std::string> values;
  while (select.executeStep()) values.push_back(select.getColumn(0).getString());
  return values;
}

AmbassadorRecord AmbassadorRepository::with_details(AmbassadorRecord record) {
  record.roles = strings_of("SELECT role FROM ambassador_roles WHERE ambassador_id = ? ORDER BY role", record.id);
  record.themes = strings_of("SELECT theme FROM ambassador_themes WHERE ambassador_id = ? ORDER BY theme", record.id);
  return record;
}

std::optional<AmbassadorRecord> AmbassadorRepository::find(std::int64_t id) {
  auto& select = db_.prepare(std::string(kColumns) + "WHERE a.id = ?");
  select.bind(1, static_cast<std::int64_t>(id));
  if (!select.executeStep()) return std::nullopt;
  auto record = read_row(select);
  select.reset();
  return with_details(std::move(record));
}

std::optional<AmbassadorRecord> AmbassadorRepository::find_by_identity(const Identity& identity) {
  auto& select = db_.prepare(std::string(kColumns) +
                             "JOIN ambassador_identities i ON i.ambassador_id = a.id "
                             "WHERE i.platform = ? AND i.workspace = ? AND i.user_id = ?");
  select.bind(1, identity.platform);
  select.bind(2, identity.workspace);
  select.bind(3, identity.user_id);
  if (!select.executeStep()) return std::nullopt;
  auto record = read_row(select);
  select.reset();
  return with_details(std::move(record));
}

AmbassadorRecord AmbassadorRepository::find_or_create(const Identity& identity, std::string_view display_name,
                                                      std::int64_t now_ms) {
  if (auto existing = find_by_identity(identity)) return *existing;
  auto& insert = db_.prepare("INSERT INTO ambassadors(display_name, consent_at, created_at) VALUES (?, ?, ?)");
  insert.bind(1, std::string(display_name.empty() ? std::string_view(identity.user_id) : display_name));
  insert.bind(2, static_cast<std::int64_t>(now_ms));
  insert.bind(3, static_cast<std::int64_t>(now_ms));
  insert.exec();
  const auto id = db_.last_insert_id();
  auto& link =
      db_.prepare("INSERT INTO ambassador_identities(platform, workspace, user_id, ambassador_id) VALUES (?, ?, ?, ?)");
  link.bind(1, identity.platform);
  link.bind(2, identity.workspace);
  link.bind(3, identity.user_id);
  link.bind(4, static_cast<std::int64_t>(id));
  link.exec();
  return *find(id);
}

void AmbassadorRepository::set_department(std::int64_t id, std::string_view department_id) {
  auto& update = db_.prepare("UPDATE ambassadors SET department_id = nullif(?, '') WHERE id = ?");
  update.bind(1, std::string(department_id));
  update.bind(2, static_cast<std::int64_t>(id));
  update.exec();
}

void AmbassadorRepository::replace_set(const char* delete_sql, const char* insert_sql, std::int64_t id,
                                       const std::vector<std::string>& values) {
  auto& remove = db_.prepare(delete_sql);
  remove.bind(1, static_cast<std::int64_t>(id));
  remove.exec();
  for (const auto& value : values) {
    auto& insert = db_.prepare(insert_sql);
    insert.bind(1, static_cast<std::int64_t>(id));
    insert.bind(2, value);
    insert.exec();
  }
}

void AmbassadorRepository::set_themes(std::int64_t id, const std::vector<std::string>& themes) {
  replace_set("DELETE FROM ambassador_themes WHERE ambassador_id = ?",
              "INSERT INTO ambassador_themes(ambassador_id, theme) VALUES (?, ?) ON CONFLICT DO NOTHING", id, themes);
}

void AmbassadorRepository::set_roles(std::int64_t id, const std::vector<std::string>& roles) {
  replace_set("DELETE FROM ambassador_roles WHERE ambassador_id = ?",
              "INSERT INTO ambassador_roles(ambassador_id, role) VALUES (?, ?) ON CONFLICT DO NOTHING", id, roles);
}

void AmbassadorRepository::set_opted_out(std::int64_t id, bool opted_out, std::int64_t now_ms) {
  auto& update = db_.prepare(opted_out ? "UPDATE ambassadors SET opted_out_at = ? WHERE id = ?"
                                       : "UPDATE ambassadors SET opted_out_at = NULL, consent_at = ? WHERE id = ?");
  update.bind(1, static_cast<std::int64_t>(now_ms));
  update.bind(2, static_cast<std::int64_t>(id));
  update.exec();
}

std::vector<Identity> AmbassadorRepository::identities(std::int64_t id) {
  auto& select =
      db_.prepare("SELECT platform, workspace, user_id FROM ambassador_identities WHERE ambassador_id = ? ORDER BY 1");
  select.bind(1, static_cast<std::int64_t>(id));
  std::vector<Identity> result;
  while (select.executeStep())
    result.push_back(
        {select.getColumn(0).getString(), select.getColumn(1).getString(), select.getColumn(2).getString()});
  return result;
}

std::vector<AmbassadorRecord> AmbassadorRepository::list_by_department(std::string_view department_id) {
  auto& select = db_.prepare(std::string(kColumns) + "WHERE a.department_id = ? ORDER BY a.id");
  select.bind(1, std::string(department_id));
  std::vector<AmbassadorRecord> rows;
  while (select.executeStep()) rows.push_back(read_row(select));
  select.reset();
  for (auto& row : rows) row = with_details(std::move(row));
  return rows;
}

}  // namespace ambassador::storage
