#pragma once
// The database a test opens. By default an SQLite file in the test's TempDir; in the PostgreSQL leg of the test
// command (AMBASSADOR_TEST_POSTGRES_URL set, deploy/postgres-test-cluster.sh) a schema of its own on that server,
// created on first use and dropped with the TempDir. The same (directory, name) gives the same database, so a test
// can reopen it.
#include <cstdlib>
#include <string>

#include "storage/connection.hpp"
#include "testing.hpp"

namespace ambassador::testing {

inline const char* postgres_test_url() {
  const char* url = std::getenv("AMBASSADOR_TEST_POSTGRES_URL");
  return url != nullptr && *url != '\0' ? url : nullptr;
}

inline bool on_postgres() { return postgres_test_url() != nullptr; }

// Creates `schema` (letters other than a-z and digits become '_') on the test server; returns the URL that uses it.
inline std::string schema_url(std::string& schema) {
  for (char& c : schema) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) c = '_';
  }
  const std::string url(postgres_test_url());
  storage::Connection(url, 5000).exec("CREATE SCHEMA IF NOT EXISTS " + schema);
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

inline std::string database(TempDir& dir, const std::string& name) {
  if (!on_postgres()) return dir.file(name);
  std::string schema = "t_" + dir.path().filename().string() + "_" + name;
  auto url = schema_url(schema);
  dir.on_cleanup([base = std::string(postgres_test_url()), schema] {
    try {
      storage::Connection(base, 5000).exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (...) {  // the cluster is thrown away after the run anyway
    }
  });
  return url;
}

}  // namespace ambassador::testing
