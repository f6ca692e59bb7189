#pragma once
// Ambassadors: people who volunteered, with their platform identities, department, roles, themes and
// opt-out. Opting out is a state, never a deletion: stats stay, messages stop.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/connection.hpp"

namespace ambassador::storage {

struct Identity {
  std::string platform;
  std::string workspace;
  std::string user_id;
};

struct AmbassadorRecord {
  std::int64_t id = 0;
  std::string display_name;
  std::string department_id;
  std::optional<std::int64_t> opted_out_at_ms;
  std::optional<std::int64_t> consent_at_ms;
  std::vector<std::string> roles;
  std::vector<std::string> themes;

  bool active() const { return !opted_out_at_ms.has_value(); }
};

class AmbassadorRepository {
 public:
  explicit AmbassadorRepository(Connection& connection) : db_(connection) {}

  std::optional<AmbassadorRecord> find(std::int64_t id);
  std::optional<AmbassadorRecord> find_by_identity(const Identity& identity);
  // Creates the ambassador with this identity, or returns the existing one (then updates nothing).
  AmbassadorRecord find_or_create(const Identity& identity, std::string_view display_name, std::int64_t now_ms);
  void set_department(std::int64_t id, std::string_view department_id);
  void set_themes(std::int64_t id, const std::vector<std::string>& themes);
  void set_roles(std::int64_t id, const std::vector<std::string>& roles);
  // Records consent (joining) or its withdrawal (stop). Consent time is kept for the record.
  void set_opted_out(std::int64_t id, bool opted_out, std::int64_t now_ms);
  std::vector<Identity> identities(std::int64_t id);
  std::vector<AmbassadorRecord> list_by_department(std::string_view department_id);

 private:
  std::vector<std::string> strings_of(const char* sql, std::int64_t id);
  AmbassadorRecord with_details(AmbassadorRecord record);
  void replace_set(const char* delete_sql, const char* insert_sql, std::int64_t id,
                   const std::vector<std::string>& values);

  Connection& db_;
};

}  // namespace ambassador::storage
