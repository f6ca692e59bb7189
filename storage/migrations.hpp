#pragma once
// Versioned schema migrations, applied in order, each in its own transaction, recorded in
// schema_migrations. Applied at start-up and by `ambassador-bot migrate`.
#include <string_view>
#include <vector>

#include "storage/connection.hpp"

namespace ambassador::storage {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// SQLite's migrations, from the first schema on.
const std::vector<Migration>& all_migrations();
// PostgreSQL's: it starts at SQLite's version 13 (the backend came later); later versions are written for both.
const std::vector<Migration>& postgres_migrations();
const std::vector<Migration>& migrations_for(Backend backend);

int schema_version(Connection& connection);
// The database's schema version; throws when it is newer than `migrations` know (an older build must not touch it).
int require_known_schema(Connection& connection);
int require_known_schema(Connection& connection, const std::vector<Migration>& migrations);
// Applies what is pending; returns the versions applied (empty when up to date). Throws when a
// migration fails (that migration is rolled back) or when the database is newer than this program.
std::vector<int> migrate(Connection& connection);
std::vector<int> migrate(Connection& connection, const std::vector<Migration>& migrations);

}  // namespace ambassador::storage
